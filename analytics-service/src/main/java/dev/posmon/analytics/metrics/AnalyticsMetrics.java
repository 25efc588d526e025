package dev.posmon.analytics.metrics;

import dev.posmon.analytics.terminal.HealthGauges;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.analytics.topology.AttemptObserver;
import dev.posmon.contract.classify.ClassifiedAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;

/**
 * analytics' series, at bounded cardinality: {@code posmon_signon_attempts_total{province,host,outcome,cause}}
 * (34 provinces × a few hosts × 2 × 12 causes), {@code posmon_terminals_stuck} and
 * {@code posmon_terminals_signon_loop} by province, {@code posmon_signon_lag_seconds} (processing time minus
 * occurredAt), and Kafka Streams' own metrics.
 */
@ApplicationScoped
public class AnalyticsMetrics implements AttemptObserver {

    private final MeterRegistry registry;
    private final HealthGauges gauges;
    private final Timer lag;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> gaugedProvinces = ConcurrentHashMap.newKeySet();

    public AnalyticsMetrics(MeterRegistry registry, HealthGauges gauges) {
        this.registry = registry;
        this.gauges = gauges;
        this.lag = Timer.builder("posmon.signon.lag")
                .description("End-to-end lag: when analytics classified an attempt minus when the terminal says it happened")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    @Override
    public void classified(ClassifiedAttempt attempt) {
        String outcome = attempt.attempt().outcome().name();
        String cause = attempt.cause() == null ? "NONE" : attempt.cause().name();
        counters.computeIfAbsent(attempt.province() + '|' + attempt.attempt().hostId() + '|' + outcome + '|' + cause,
                key -> Counter.builder("posmon.signon.attempts")
                        .description("Sign-on attempts classified, by province, dialled host, outcome and cause")
                        .tag("province", attempt.province()).tag("host", attempt.attempt().hostId())
                        .tag("outcome", outcome).tag("cause", cause)
                        .register(registry))
                .increment();
        Duration behind = Duration.between(attempt.attempt().occurredAt(), Instant.now());
        lag.record(behind.isNegative() ? Duration.ZERO : behind);
        if (gaugedProvinces.add(attempt.province())) {
            String province = attempt.province();
            Gauge.builder("posmon.terminals.stuck", gauges, g -> g.count(Health.STUCK).getOrDefault(province, 0L))
                    .description("Terminals attempting to sign on without success for longer than the STUCK threshold")
                    .tag("province", province).register(registry);
            Gauge.builder("posmon.terminals.signon.loop", gauges, g -> g.count(Health.SIGNON_LOOP).getOrDefault(province, 0L))
                    .description("Terminals in a repeated sign-on loop")
                    .tag("province", province).register(registry);
        }
    }

    void bindStreams(@Observes StartupEvent started, KafkaStreams streams) {
        new KafkaStreamsMetrics(streams).bindTo(registry);
    }

    /** The one HealthGauges of this instance, shared by the topology's processors and the gauges. */
    @Produces
    @Singleton
    static HealthGauges healthGauges() {
        return new HealthGauges();
    }
}
