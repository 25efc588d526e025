package dev.posmon.analytics.metrics;

import dev.posmon.analytics.aggregate.CubeMessage;
import dev.posmon.analytics.terminal.HealthGauges;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.analytics.topology.AttemptObserver;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * analytics' series, at bounded cardinality: {@code posmon_signon_attempts_total{acquirer,province,host,outcome,cause}}
 * (a few acquirers × 34 provinces × a few hosts × 2 × 12 causes), {@code posmon_terminals_stuck} and
 * {@code posmon_terminals_signon_loop} by province, {@code posmon_signon_lag_seconds} (processing time minus
 * occurredAt), {@code posmon_cube_late_attempts_total} and {@code posmon_cube_late_partial_attempts_total} (what
 * the cube could not count), {@code posmon_signon_signal_loss_db{network,outcome}} (how far below 0 dBm the signal
 * the terminal reported with the attempt was: its mean by outcome tells a weak-signal region from a host problem),
 * {@code posmon_signon_transport_errors_total{acquirer,province,error}} (the terminal-side transport failure, one of
 * 7) and Kafka Streams' own metrics.
 *
 * <p>The two sign-on counters carry the {@code acquirer} (the tenant the terminal is registered under, {@value
 * CubeCell#UNKNOWN} for an unregistered terminal, as in the cube) so that a dashboard can show one acquirer's traffic:
 * acquirers are a handful, so the label multiplies the series by that handful, and recording rules that
 * {@code sum by} other labels aggregate it away unchanged. The terminal gauges, the lag and the signal summary stay
 * without it: they describe the fleet or the radio, not a tenant's traffic.
 */
@ApplicationScoped
public class AnalyticsMetrics implements AttemptObserver {

    private static final Logger LOG = Logger.getLogger(AnalyticsMetrics.class);

    private final MeterRegistry registry;
    private final HealthGauges gauges;
    private final DistributionSummary lag;
    private final Counter lateAttempts;
    private final Counter latePartials;
    private final Map<AttemptSeries, Counter> attemptCounters = new ConcurrentHashMap<>();
    private final Map<TransportSeries, Counter> transportCounters = new ConcurrentHashMap<>();
    private final Map<SignalSeries, DistributionSummary> signals = new ConcurrentHashMap<>();
    private final Set<String> gaugedProvinces = ConcurrentHashMap.newKeySet();

    public AnalyticsMetrics(MeterRegistry registry, HealthGauges gauges) {
        this.registry = registry;
        this.gauges = gauges;
        this.lateAttempts = Counter.builder("posmon.cube.late.attempts")
                .description("Attempts that arrived after their cube window had closed on their partition (still "
                        + "classified, not counted)")
                .register(registry);
        this.latePartials = Counter.builder("posmon.cube.late.partial.attempts")
                .description(
                        "Attempts counted on a partition that closed a window after the cube had emitted it without them")
                .register(registry);
        // A summary in seconds, not a Timer: a Timer totals whole nanoseconds in a long, which wraps after 9.2e9 s of
        // summed lag (5M attempts replayed half an hour late).
        this.lag = DistributionSummary.builder("posmon.signon.lag")
                .description(
                        "End-to-end lag: when analytics classified an attempt minus when the terminal says it happened")
                .baseUnit("seconds")
                .serviceLevelObjectives(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
                .register(registry);
    }

    /**
     * The series of one attempt, looked up by value: no string is built per attempt. Its equals and hashCode are
     * written out: a record's generated ones go through a method handle per call, and this lookup runs per attempt.
     */
    private record AttemptSeries(String acquirer, String province, String host, Outcome outcome, Cause cause) {
        @Override
        public boolean equals(Object other) {
            return this == other
                    || other instanceof AttemptSeries that
                            && outcome == that.outcome
                            && cause == that.cause
                            && Objects.equals(host, that.host)
                            && Objects.equals(province, that.province)
                            && Objects.equals(acquirer, that.acquirer);
        }

        @Override
        public int hashCode() {
            int hash = Objects.hashCode(acquirer);
            hash = 31 * hash + Objects.hashCode(province);
            hash = 31 * hash + Objects.hashCode(host);
            hash = 31 * hash + Objects.hashCode(outcome);
            return 31 * hash + Objects.hashCode(cause);
        }
    }

    /** Written out for the reason {@link AttemptSeries} is. */
    private record TransportSeries(String acquirer, String province, TransportError error) {
        @Override
        public boolean equals(Object other) {
            return this == other
                    || other instanceof TransportSeries that
                            && error == that.error
                            && Objects.equals(province, that.province)
                            && Objects.equals(acquirer, that.acquirer);
        }

        @Override
        public int hashCode() {
            int hash = Objects.hashCode(acquirer);
            hash = 31 * hash + Objects.hashCode(province);
            return 31 * hash + Objects.hashCode(error);
        }
    }

    /** Written out for the reason {@link AttemptSeries} is. */
    private record SignalSeries(NetworkType network, Outcome outcome) {
        @Override
        public boolean equals(Object other) {
            return this == other
                    || other instanceof SignalSeries that && network == that.network && outcome == that.outcome;
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(network) + Objects.hashCode(outcome);
        }
    }

    @Override
    public void classified(ClassifiedAttempt attempt) {
        SignOnAttempt a = attempt.attempt();
        String acquirer = acquirer(attempt);
        attemptCounters
                .computeIfAbsent(
                        new AttemptSeries(acquirer, attempt.province(), a.hostId(), a.outcome(), attempt.cause()),
                        series -> Counter.builder("posmon.signon.attempts")
                                .description(
                                        "Sign-on attempts classified, by acquirer, province, dialled host, outcome and cause")
                                .tag("acquirer", series.acquirer())
                                .tag("province", series.province())
                                .tag("host", series.host())
                                .tag("outcome", series.outcome().name())
                                .tag(
                                        "cause",
                                        series.cause() == null
                                                ? "NONE"
                                                : series.cause().name())
                                .register(registry))
                .increment();
        if (a.transportError() != null) {
            transportCounters
                    .computeIfAbsent(
                            new TransportSeries(acquirer, attempt.province(), a.transportError()),
                            series -> Counter.builder("posmon.signon.transport.errors")
                                    .description(
                                            "Sign-on attempts that failed on the terminal's transport, by acquirer, "
                                                    + "province and error")
                                    .tag("acquirer", series.acquirer())
                                    .tag("province", series.province())
                                    .tag("error", series.error().name())
                                    .register(registry))
                    .increment();
        }
        Integer signal = a.network() == null ? null : a.network().signalDbm();
        if (signal != null) {
            // Recorded as a positive loss: a DistributionSummary drops negative amounts, and dBm are never above 0
            // here.
            signals.computeIfAbsent(
                            new SignalSeries(a.network().type(), a.outcome()),
                            series -> DistributionSummary.builder("posmon.signon.signal.loss")
                                    .description("How far below 0 dBm the signal reported with a sign-on attempt was "
                                            + "(-signalDbm; larger is weaker), by network type and outcome")
                                    .baseUnit("db")
                                    .tag(
                                            "network",
                                            series.network() == null
                                                    ? "UNKNOWN"
                                                    : series.network().wireName())
                                    .tag("outcome", series.outcome().name())
                                    .register(registry))
                    .record(-signal);
        }
        lag.record(Math.max(0, System.currentTimeMillis() - a.occurredAt().toEpochMilli()) / 1e3);
        if (!gaugedProvinces.contains(attempt.province()) && gaugedProvinces.add(attempt.province())) {
            String province = attempt.province();
            Gauge.builder(
                            "posmon.terminals.stuck",
                            gauges,
                            g -> g.count(Health.STUCK).getOrDefault(province, 0L))
                    .description("Terminals attempting to sign on without success for longer than the STUCK threshold")
                    .tag("province", province)
                    .register(registry);
            Gauge.builder(
                            "posmon.terminals.signon.loop",
                            gauges,
                            g -> g.count(Health.SIGNON_LOOP).getOrDefault(province, 0L))
                    .description("Terminals in a repeated sign-on loop")
                    .tag("province", province)
                    .register(registry);
        }
    }

    /**
     * The acquirer label of an attempt: the registry's acquirer, or {@value CubeCell#UNKNOWN} for an unregistered
     * terminal (or a blank acquirer), the same value the cube and the hourly rollups use, so that a dashboard's
     * acquirer variable selects the same traffic in Prometheus and in PostgreSQL.
     */
    static String acquirer(ClassifiedAttempt attempt) {
        String acquirer = attempt.acquirer();
        return acquirer == null || acquirer.isBlank() ? CubeCell.UNKNOWN : acquirer;
    }

    @Override
    public void lateForCube(ClassifiedAttempt attempt) {
        lateAttempts.increment();
        LOG.debugf(
                "attempt %s of %s at %s arrived after its cube window closed",
                attempt.attempt().eventId(),
                attempt.attempt().terminalId(),
                attempt.attempt().occurredAt());
    }

    @Override
    public void latePartial(CubeMessage.Partial partial, String cellKey) {
        latePartials.increment(partial.counts().attempts());
        LOG.warnf(
                "input partition %d's %d attempts of cell %s in window %s came after the window was emitted",
                partial.source(), partial.counts().attempts(), cellKey, Instant.ofEpochMilli(partial.windowStart()));
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
