package dev.posmon.ingest.event;

import dev.posmon.ingest.event.EventCheck.Rejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * ingest's own series: {@code posmon_ingest_events_total{type,result,reason}} (reason is a bounded enum),
 * batch sizes and request latency. Kafka send latency is recorded by the publisher.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Map<Integer, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("posmon.ingest.batch.events")
                .description("Events per posted batch")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
    }

    void batch(int events) {
        batchSize.record(events);
    }

    void accepted(String type, int count) {
        if (count > 0) {
            events(type, "accepted", "none").increment(count);
        }
    }

    void rejected(Rejected rejected) {
        events(
                        rejected.type() == null ? "unknown" : rejected.type(),
                        "rejected",
                        rejected.reason().name())
                .increment();
    }

    void unavailable(int events) {
        events("any", "unavailable", "KAFKA_UNAVAILABLE").increment(events);
    }

    /** Every answer to a batch is timed, refusals (4xx) and Kafka timeouts (503) included, by HTTP status. */
    void request(int status, long nanos) {
        requestTimers
                .computeIfAbsent(
                        status,
                        code -> Timer.builder("posmon.ingest.request")
                                .description("Time to answer a batch, Kafka acknowledgement included, by HTTP status")
                                .tag("status", String.valueOf(code))
                                .publishPercentileHistogram()
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counters are looked up once per (type, result, reason): registering per event costs more than the event. */
    private Counter events(String type, String result, String reason) {
        return counters.computeIfAbsent(
                type + '|' + result + '|' + reason,
                key -> Counter.builder("posmon.ingest.events")
                        .description("Events posted to ingest, by type, result and rejection reason")
                        .tag("type", type)
                        .tag("result", result)
                        .tag("reason", reason)
                        .register(registry));
    }
}
