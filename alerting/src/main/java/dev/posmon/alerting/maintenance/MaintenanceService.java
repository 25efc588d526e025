package dev.posmon.alerting.maintenance;

import static dev.posmon.alerting.store.Blocking.await;

import dev.posmon.alerting.store.MaintenanceRows;
import dev.posmon.alerting.store.MaintenanceWindowEntity;
import dev.posmon.alerting.store.Repositories;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.topic.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Every window, for the calendar at start and a calendar's import (a few per host: held in memory anyway). */
    public List<MaintenanceWindow> all() {
        return await(() -> Panache.withSession(() -> windows.listAll())).stream()
                .map(MaintenanceService::toWindow)
                .toList();
    }

    /**
     * One page of the windows by start, then id: at most {@code page.limit() + 1} rows after the page's cursor (the
     * extra one says that another page follows), read with the limit and the position in SQL, so a page costs the same
     * however many windows years of calendars have left in the table.
     */
    public List<MaintenanceWindow> page(Paging.Request page) {
        Map<String, Object> params = new HashMap<>();
        String query = "1 = 1";
        if (page.after() != null) {
            query = "startsAt > :afterStart or (startsAt = :afterStart and id > :afterId)";
            params.put("afterStart", page.after().at());
            params.put("afterId", page.after().id());
        }
        String where = query;
        return await(() -> Panache.withSession(() -> windows.find(where + " order by startsAt, id", params)
                        .range(0, page.limit())
                        .list()))
                .stream()
                .map(MaintenanceService::toWindow)
                .toList();
    }

    /**
     * Stored first (the database is the record), then published for analytics. If Kafka does not take it, the
     * window is declared all the same (alerting judges by it at once) and its publication is retried.
     */
    public MaintenanceWindow declare(MaintenanceWindow window) {
        await(() -> Panache.withTransaction(
                () -> windows.persist(toEntity(window, new MaintenanceWindowEntity(), clock.instant()))));
        calendar.put(window);
        publish(window);
        return window;
    }

    /** What importing a calendar changed. */
    public record Imported(int created, int updated, int unchanged, int cancelled, List<MaintenanceWindow> windows) {}

    /**
     * A published calendar's windows replace the ones it gave before: new ones are declared, changed ones replaced (a
     * window the calendar lists is in force, even one cancelled by hand before: the calendar is the record), and the
     * ones it no longer lists are cancelled. Each changed window is published as a declared one is.
     */
    public Imported importCalendar(String source, List<MaintenanceWindow> imported) {
        Map<String, MaintenanceWindow> before = new HashMap<>();
        for (MaintenanceWindow window : all()) {
            if (source.equals(window.source())) {
                before.put(window.id(), window);
            }
        }
        List<MaintenanceWindow> changed = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        Set<String> listed = new HashSet<>();
        for (MaintenanceWindow window : imported) {
            listed.add(window.id());
            MaintenanceWindow old = before.get(window.id());
            if (old == null) {
                created++;
                changed.add(window);
            } else if (old.equals(window)) {
                unchanged++;
            } else {
                updated++;
                changed.add(window);
            }
        }
        Instant now = clock.instant();
        for (MaintenanceWindow old : before.values()) {
            if (!listed.contains(old.id()) && old.cancelledAt() == null) {
                changed.add(old.withCancelledAt(now));
            }
        }
        int cancelled = changed.size() - created - updated;
        if (!changed.isEmpty()) {
            await(() -> Panache.withTransaction(() -> {
                // one after the other: a reactive session takes one operation at a time
                Uni<Void> writes = Uni.createFrom().voidItem();
                for (MaintenanceWindow window : changed) {
                    writes = writes.chain(() -> windows.findById(window.id())
                            .chain(row -> row == null
                                    ? windows.persist(toEntity(window, new MaintenanceWindowEntity(), clock.instant()))
                                            .replaceWithVoid()
                                    : Uni.createFrom()
                                            .item(toEntity(window, row, null))
                                            .replaceWithVoid()));
                }
                return writes;
            }));
            for (MaintenanceWindow window : changed) {
                calendar.put(window);
                publish(window);
            }
        }
        return new Imported(created, updated, unchanged, cancelled, imported);
    }

    public Optional<MaintenanceWindow> cancel(String id) {
        Optional<MaintenanceWindow> existing = Optional.ofNullable(
                        await(() -> Panache.withSession(() -> windows.findById(id))))
                .map(MaintenanceService::toWindow);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        MaintenanceWindow w = existing.get();
        MaintenanceWindow cancelled = w.cancelledAt() != null ? w : w.withCancelledAt(clock.instant());
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
                row.cancelledAt,
                row.province,
                row.carrier,
                MaintenanceRows.exceptions(row.exceptStarts),
                row.source);
    }

    /** @param createdAt when the window is first stored (the service's clock); an existing row keeps its own */
    static MaintenanceWindowEntity toEntity(MaintenanceWindow window, MaintenanceWindowEntity row, Instant createdAt) {
        row.id = window.id();
        row.hostId = window.hostId();
        row.startsAt = window.start();
        row.endsAt = window.end();
        row.rrule = window.rrule();
        row.duration = window.duration() == null ? null : window.duration().toString();
        row.timezone = window.timezone();
        row.reason = window.reason();
        row.createdAt = row.createdAt == null ? createdAt : row.createdAt;
        row.cancelledAt = window.cancelledAt();
        row.province = window.province();
        row.carrier = window.carrier();
        row.exceptStarts = MaintenanceRows.exceptions(window.except());
        row.source = window.source();
        return row;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
