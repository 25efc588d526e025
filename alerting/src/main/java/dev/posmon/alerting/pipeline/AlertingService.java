package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.incident.Correlator;
import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.CorrelatorSettings;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.LocalizerSettings;
import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.alerting.notify.NotifyConfig;
import dev.posmon.alerting.notify.Notifications;
import dev.posmon.alerting.store.IncidentEntity;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.OutboxEntry;
import dev.posmon.alerting.store.Repositories;
import static dev.posmon.alerting.store.Blocking.await;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.health.TerminalHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The edge around the plain decisions: a settled window goes through {@link WindowAnalysis} and the
 * {@link Correlator}; the incident changes, their notifications (transactional outbox) and the window's
 * hourly rollups are written to PostgreSQL in one transaction. One instance judges the whole cube.
 */
@ApplicationScoped
public class AlertingService {

    private static final Logger LOG = Logger.getLogger(AlertingService.class);

    private final Repositories.Incidents incidents;
    private final Repositories.Outbox outbox;
    private final NotifyConfig notify;
    private final MaintenanceCalendar calendar;
    private final Clock clock = Clock.systemUTC();
    private final WindowAnalysis analysis;
    private final Correlator correlator;
    private final Timer detectionDelay;
    private final MeterRegistry registry;
    /** End of the newest window judged, epoch seconds (0 before the first). */
    private final AtomicLong judgedUpTo = new AtomicLong();

    public AlertingService(Repositories.Incidents incidents, Repositories.Outbox outbox, NotifyConfig notify, MaintenanceCalendar calendar,
                           MeterRegistry registry, AlertingConfig config) {
        this.incidents = incidents;
        this.outbox = outbox;
        this.notify = notify;
        this.calendar = calendar;
        this.registry = registry;
        this.analysis = new WindowAnalysis(new Detector(config.detectorSettings(), config.seasonZone()), new Localizer(LocalizerSettings.DEFAULTS));
        this.correlator = new Correlator(CorrelatorSettings.DEFAULTS, calendar, clock, () -> "inc-" + UUID.randomUUID());
        this.detectionDelay = Timer.builder("posmon.incident.detection.delay")
                .description("From an incident's onset (start of its first anomalous window) to its detection")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("posmon.alerting.window.judged.end", judgedUpTo, AtomicLong::get)
                .description("End of the newest cube window alerting has judged, in epoch seconds (0 before the first); "
                        + "time() minus it is how far judging lags behind")
                .baseUnit("seconds").register(registry);
        for (var kind : dev.posmon.alerting.incident.IncidentKind.values()) {
            registry.gauge("posmon.incidents.open", io.micrometer.core.instrument.Tags.of("kind", kind.name()), this,
                    service -> service.correlator.incidents().stream().filter(i -> i.active() && i.kind() == kind).count());
        }
    }

    /** Loads the incidents that were active when the service last stopped. */
    public synchronized void restore() {
        List<Incident> active = await(() -> Panache.withSession(() -> incidents.active())).stream().map(IncidentMapping::toIncident).toList();
        correlator.restore(active);
        LOG.infof("restored %d active incidents", active.size());
    }

    /** Judges one settled window and records what changed. */
    public synchronized WindowAnalysis.Result onWindow(WindowBuffer.Window window) {
        WindowAnalysis.Result result = analysis.analyze(window.start(), window.end(), window.cells());
        List<Change> changes = correlator.window(window.start(), window.end(), result.findings());
        for (Change change : changes) {
            if (change.type() == Change.Type.OPENED) {
                detectionDelay.record(Duration.between(change.incident().onset(), change.incident().detectedAt()));
                LOG.infof("incident %s opened: %s %s", change.incident().id(), change.incident().kind(), change.incident().scope());
            }
        }
        await(() -> Panache.withTransaction(() -> record(changes).chain(() -> rollup(window.cells()))));
        judgedUpTo.accumulateAndGet(window.end().getEpochSecond(), Math::max);
        return result;
    }

    /** Late cells still count in the hourly rollups. */
    public void onLateCell(CubeCell cell) {
        await(() -> Panache.withTransaction(() -> rollup(List.of(cell))));
    }

    public void onHealth(TerminalHealth health) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO terminal_health_event (terminal_id, state, since, at, cause, consecutive_failures, province, host, merchant_id) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, health.terminalId()).setParameter(2, health.state().name()).setParameter(3, health.since())
                .setParameter(4, health.at()).setParameter(5, health.cause() == null ? null : health.cause().name())
                .setParameter(6, health.consecutiveFailures()).setParameter(7, health.province()).setParameter(8, health.host())
                .setParameter(9, health.merchantId())
                .executeUpdate())));
    }

    public synchronized Optional<Incident> acknowledge(String id) {
        return apply(correlator.acknowledge(id));
    }

    public synchronized Optional<Incident> resolve(String id) {
        return apply(correlator.resolve(id));
    }

    /** Enqueues Alertmanager alerts for every firing paging incident, so Alertmanager keeps them active. */
    public synchronized void resendFiring() {
        List<Incident> firing = correlator.incidents().stream().filter(i -> i.active() && i.kind().pages()).toList();
        if (!firing.isEmpty() && notify.alertmanagerUrl().isPresent()) {
            await(() -> Panache.withTransaction(() -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (Incident incident : firing) {
                    chain = chain.chain(() -> enqueue(incident.id(), Notifications.ALERTMANAGER, Notifications.alertmanager(incident, notify.externalUrl())));
                }
                return chain;
            }));
        }
    }

    private Optional<Incident> apply(Optional<Change> change) {
        change.ifPresent(c -> await(() -> Panache.withTransaction(() -> record(List.of(c)))));
        return change.map(Change::incident);
    }

    private Uni<Void> record(List<Change> changes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = clock.instant();
        for (Change change : changes) {
            Incident incident = change.incident();
            chain = chain.chain(() -> incidents.findById(incident.id())
                    .chain(existing -> incidents.getSession().chain(session -> session.merge(
                            IncidentMapping.toEntity(incident, existing != null ? existing : new IncidentEntity(), now))))
                    .replaceWithVoid());
            chain = chain.chain(() -> notifications(change));
        }
        return chain;
    }

    /**
     * Every change goes to incidents.v1; opening, re-opening, acknowledging and resolving notify people;
     * updates of a firing incident are covered by the periodic re-send.
     */
    private Uni<Void> notifications(Change change) {
        Incident incident = change.incident();
        Uni<Void> published = enqueue(incident.id(), Notifications.TOPIC, incident.toRecord());
        boolean announce = change.type() == Change.Type.OPENED || change.type() == Change.Type.REOPENED || change.type() == Change.Type.RESOLVED
                || change.type() == Change.Type.ACKNOWLEDGED;
        if (!announce) {
            return published;
        }
        Uni<Void> chain = published;
        if (incident.kind().pages() && notify.alertmanagerUrl().isPresent() && change.type() != Change.Type.ACKNOWLEDGED) {
            chain = chain.chain(() -> enqueue(incident.id(), Notifications.ALERTMANAGER, Notifications.alertmanager(incident, notify.externalUrl())));
        }
        if (notify.webhookUrl().isPresent()) {
            chain = chain.chain(() -> enqueue(incident.id(), Notifications.WEBHOOK, Notifications.webhook(incident, change.type(), notify.externalUrl())));
        }
        return chain;
    }

    private Uni<Void> enqueue(String incidentId, String receiver, Object payload) {
        OutboxEntry entry = new OutboxEntry();
        entry.incidentId = incidentId;
        entry.receiver = receiver;
        entry.payload = IncidentMapping.json(payload);
        entry.createdAt = clock.instant();
        entry.nextAttemptAt = entry.createdAt;
        return outbox.persist(entry).replaceWithVoid();
    }

    private Uni<Void> rollup(List<CubeCell> cells) {
        return Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CubeCell cell : cells) {
                chain = chain.chain(() -> upsertRollup(session, cell));
            }
            return chain;
        });
    }

    private static Uni<Void> upsertRollup(Mutiny.Session session, CubeCell cell) {
        Map<String, Long> byCause = new java.util.TreeMap<>();
        cell.failuresByCause().forEach((cause, n) -> byCause.put(cause.name(), n));
        return session.createNativeQuery("INSERT INTO hourly_rollup (hour, province, host, carrier, model, firmware, attempts, successes, failures, "
                        + "failures_by_cause, failing_terminals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                        + "ON CONFLICT (hour, province, host, carrier, model, firmware) DO UPDATE SET "
                        + "attempts = hourly_rollup.attempts + EXCLUDED.attempts, successes = hourly_rollup.successes + EXCLUDED.successes, "
                        + "failures = hourly_rollup.failures + EXCLUDED.failures, "
                        + "failures_by_cause = posmon_add_counts(hourly_rollup.failures_by_cause, EXCLUDED.failures_by_cause), "
                        + "failing_terminals = hourly_rollup.failing_terminals + EXCLUDED.failing_terminals")
                .setParameter(1, cell.windowStart().truncatedTo(ChronoUnit.HOURS)).setParameter(2, cell.province()).setParameter(3, cell.host())
                .setParameter(4, cell.carrier()).setParameter(5, cell.model()).setParameter(6, cell.firmware()).setParameter(7, cell.attempts())
                .setParameter(8, cell.successes()).setParameter(9, cell.failures()).setParameter(10, IncidentMapping.json(byCause))
                .setParameter(11, cell.failingTerminals())
                .executeUpdate().replaceWithVoid();
    }

    public Correlator correlator() {
        return correlator;
    }

}
