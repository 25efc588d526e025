package dev.posmon.alerting.maintenance;

import static dev.posmon.alerting.store.Blocking.await;

import dev.posmon.alerting.store.MaintenanceWindowEntity;
import dev.posmon.alerting.store.Repositories;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.topic.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Declared maintenance windows: kept in PostgreSQL, held in the {@link MaintenanceCalendar}, and published
 * to the compacted {@code host.maintenance.v1} so that analytics classifies failures inside them as planned.
 */
@ApplicationScoped
public class MaintenanceService {

    private final Repositories.MaintenanceWindows windows;
    private final MaintenanceCalendar calendar;
    private final KafkaProducer<String, MaintenanceWindow> producer;
    private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

    private final Clock clock;

    private final WindowPublication publication = new WindowPublication(this::send);

    public MaintenanceService(
            Repositories.MaintenanceWindows windows,
            MaintenanceCalendar calendar,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry,
            Clock clock) {
        this.windows = windows;
        this.clock = clock;
        this.calendar = calendar;
        this.producer = new KafkaProducer<>(
                KafkaClientConfig.of(
                        kafkaConfig,
                        Map.of(
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                10_000,
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                10_000,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                5_000)),
                Topics.HOST_MAINTENANCE.keySerde().serializer(),
                Topics.HOST_MAINTENANCE.valueSerde().serializer());
        Gauge.builder("posmon.alerting.maintenance.unpublished", publication, WindowPublication::pending)
                .description("Declared maintenance windows stored but not yet taken by Kafka (host.maintenance.v1)")
                .register(registry);
    }

    /** The calendar is one per instance, shared by the correlator and this service. */
    @Produces
    @Singleton
    static MaintenanceCalendar calendar() {
        return new MaintenanceCalendar();
    }

    /**
     * At start the calendar is loaded from the database, and every window is queued to be published again (by
     * {@link #republish()}, within a second): the topic is compacted and keyed by window id, so this is idempotent,
     * and it repairs a publication that a crash cut short.
     */
    void load(@Observes StartupEvent started) {
        List<MaintenanceWindow> stored = all();
        stored.forEach(calendar::put);
        stored.forEach(publication::enqueue);
    }

    /** Sends the windows whose publication failed again, until Kafka takes them. */
    @Scheduled(
            every = "${posmon.alerting.maintenance-republish-interval:PT15S}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republish() {
        int before = publication.pending();
        if (before > 0) {
            int after = publication.retry();
            LOG.infof(
                    "maintenance windows published to %s: %d, still pending: %d",
                    Topics.HOST_MAINTENANCE.name(), before - after, after);
        }
    }

    public List<MaintenanceWindow> all() {
        return await(() -> Panache.withSession(() -> windows.listAll())).stream()
                .map(MaintenanceService::toWindow)
                .toList();
    }

    /**
     * Stored first (the database is the record), then published for analytics. If Kafka does not take it, the
     * window is declared all the same (alerting judges by it at once) and its publication is retried.
     */
    public MaintenanceWindow declare(MaintenanceWindow window) {
        await(() -> Panache.withTransaction(() -> windows.persist(toEntity(window, new MaintenanceWindowEntity()))));
        calendar.put(window);
        publish(window);
        return window;
    }

    public Optional<MaintenanceWindow> cancel(String id) {
        Optional<MaintenanceWindow> existing = Optional.ofNullable(
                        await(() -> Panache.withSession(() -> windows.findById(id))))
                .map(MaintenanceService::toWindow);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        MaintenanceWindow w = existing.get();
        MaintenanceWindow cancelled = w.cancelledAt() != null
                ? w
                : new MaintenanceWindow(
                        w.id(),
                        w.hostId(),
                        w.start(),
                        w.end(),
                        w.rrule(),
                        w.duration(),
                        w.timezone(),
                        w.reason(),
                        clock.instant());
        await(() -> Panache.withTransaction(
                () -> windows.findById(id).invoke(row -> row.cancelledAt = cancelled.cancelledAt())));
        calendar.put(cancelled);
        publish(cancelled);
        return Optional.of(cancelled);
    }

    private void publish(MaintenanceWindow window) {
        if (!publication.publish(window)) {
            LOG.warnf(
                    "maintenance window %s stored, but Kafka did not take it for %s: retrying",
                    window.id(), Topics.HOST_MAINTENANCE.name());
        }
    }

    private void send(MaintenanceWindow window) {
        try {
            producer.send(new ProducerRecord<>(Topics.HOST_MAINTENANCE.name(), window.id(), window))
                    .get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot publish maintenance window " + window.id() + " to Kafka: " + e.getMessage(), e);
        }
    }

    static MaintenanceWindow toWindow(MaintenanceWindowEntity row) {
        return new MaintenanceWindow(
                row.id,
                row.hostId,
                row.startsAt,
                row.endsAt,
                row.rrule,
                row.duration == null ? null : Duration.parse(row.duration),
                row.timezone,
                row.reason,
                row.cancelledAt);
    }

    static MaintenanceWindowEntity toEntity(MaintenanceWindow window, MaintenanceWindowEntity row) {
        row.id = window.id();
        row.hostId = window.hostId();
        row.startsAt = window.start();
        row.endsAt = window.end();
        row.rrule = window.rrule();
        row.duration = window.duration() == null ? null : window.duration().toString();
        row.timezone = window.timezone();
        row.reason = window.reason();
        row.createdAt = Instant.now();
        row.cancelledAt = window.cancelledAt();
        return row;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
