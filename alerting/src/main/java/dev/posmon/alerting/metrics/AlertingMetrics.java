package dev.posmon.alerting.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * alerting's pipeline series: {@code posmon_alerting_cube_cells_total{result="accepted|late"}} (cube cells read,
 * and those that came after their window was judged), the cube consumer's Kafka client metrics (so
 * {@code kafka_consumer_fetch_manager_records_lag{topic="signon.cube.v1"}} exists), and
 * {@code posmon_notify_outbox_oldest_pending_seconds} (how long the oldest undelivered notification has waited;
 * 0 when none waits).
 */
@ApplicationScoped
public class AlertingMetrics {

    /**
     * How often the consumer's Kafka metrics are re-read for new ones: a partition's lag metric only exists once the
     * partition is assigned and fetched, and micrometer's default (a minute) would leave it out that long.
     */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter acceptedCells;
    private final Counter lateCells;
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();

    @Inject
    public AlertingMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.acceptedCells = cells("accepted");
        this.lateCells = cells("late");
        Gauge.builder("posmon.notify.outbox.oldest.pending", this, AlertingMetrics::oldestPendingSeconds)
                .description(
                        "How long the oldest undelivered notification in the outbox has waited (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
    }

    private Counter cells(String result) {
        return Counter.builder("posmon.alerting.cube.cells")
                .description("Cube cells read from signon.cube.v1: accepted into an open window, "
                        + "or late (their window was already judged; rollups only)")
                .tag("result", result)
                .register(registry);
    }

    /** A cube cell was buffered for its window (true) or came after its window was judged (false). */
    public void cubeCell(boolean accepted) {
        (accepted ? acceptedCells : lateCells).increment();
    }

    /**
     * Binds a Kafka consumer's client metrics (tagged with its client id by micrometer); close the returned binding
     * before closing the consumer, so that its meters and their refresh go with it.
     */
    public Binding bind(Consumer<?, ?> consumer) {
        // Its own refresh thread: micrometer does not cancel the refresh on an executor it was given, and a consumer
        // replaced after a failure would otherwise keep being re-read.
        ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-client-metrics");
            thread.setDaemon(true);
            return thread;
        });
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.empty(), refresh, KAFKA_METRICS_REFRESH);
        metrics.bindTo(registry);
        return () -> {
            refresh.shutdownNow();
            metrics.close();
        };
    }

    /** A consumer's bound client metrics. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** When the oldest undelivered notification was created, or null when the outbox is drained. */
    public void outboxOldestPending(Instant createdAt) {
        oldestPending.set(createdAt);
    }

    double oldestPendingSeconds() {
        Instant oldest = oldestPending.get();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1e3);
    }
}
