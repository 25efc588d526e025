package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.ha.AlertingRole;
import dev.posmon.alerting.incident.Correlator;
import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.CorrelatorSettings;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.LocalizerSettings;
import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.alerting.notify.Notifications;
import dev.posmon.alerting.notify.NotifyConfig;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.RetentionConfig;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.i18n.Language;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The edge around the plain decisions. A settled window goes through {@link WindowAnalysis} (detector, localizer) and
 * the {@link Correlator}, which starts every window from what the database committed (the incidents that are active
 * or may re-open, and the findings pending after the last window) and so never runs ahead of it; the window's
 * incident changes, notifications (transactional outbox), detector input and the fact that it was judged commit in one
 * transaction ({@link PipelineStore}). The detector's learned state is restored from the database before the first
 * window is judged (a snapshot plus the windows judged since), so a restart or a takeover judges as an uninterrupted
 * replica would have. Acknowledging and resolving work on any replica: they lock the incident's row, as judging does.
 */
@ApplicationScoped
public class AlertingService {

    private static final Logger LOG = Logger.getLogger(AlertingService.class);

    private final NotifyConfig notify;
    private final MaintenanceCalendar calendar;
    private final Clock clock;
    private final Detector detector;
    private final WindowAnalysis analysis;
    private final CorrelatorSettings correlatorSettings;
    private final DataSource dataSource;
    private final AlertingRole role;
    private final int snapshotEvery;
    /** How long a judged window is remembered as judged ({@code posmon.retention.judged-windows}). */
    private final Duration judgedRetention;

    private final Timer detectionDelay;
    /** End of the newest window judged, epoch seconds (0 before the first). */
    private final AtomicLong judgedUpTo = new AtomicLong();

    private final AtomicReference<Map<IncidentKind, Long>> openByKind = new AtomicReference<>(Map.of());
    private int windowsSinceSnapshot;
    private final Counter unreadableSnapshots;
    private final Counter earlyOpened;

    public AlertingService(
            NotifyConfig notify,
            MaintenanceCalendar calendar,
            MeterRegistry registry,
            AlertingConfig config,
            DataSource dataSource,
            AlertingRole role,
            RetentionConfig retention,
            Clock clock) {
        this.correlatorSettings = CorrelatorSettings.DEFAULTS.withLanguage(Language.of(config.language())
                .orElseThrow(() -> new IllegalStateException("posmon.alerting.language must be one of "
                        + Language.supported() + ", not " + config.language())));
        this.notify = notify;
        this.calendar = calendar;
        this.clock = clock;
        this.dataSource = dataSource;
        this.role = role;
        this.snapshotEvery = config.snapshotEvery();
        this.judgedRetention = retention.judgedWindows();
        this.detector = new Detector(config.detectorSettings(), config.seasonZone());
        this.analysis = new WindowAnalysis(detector, new Localizer(LocalizerSettings.DEFAULTS));
        this.detectionDelay = Timer.builder("posmon.incident.detection.delay")
                .description("From an incident's onset (start of its first anomalous window) to its detection")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("posmon.alerting.window.judged.end", judgedUpTo, AtomicLong::get)
                .description(
                        "End of the newest cube window alerting has judged, in epoch seconds (0 before the first); "
                                + "time() minus it is how far judging lags behind")
                .baseUnit("seconds")
                .register(registry);
        this.unreadableSnapshots = Counter.builder("posmon.alerting.snapshots.unreadable")
                .description(
                        "Detector snapshots that did not read at restore (the detector restarted from the windows kept)")
                .register(registry);
        this.earlyOpened = Counter.builder("posmon.incidents.opened.early")
                .description("Incidents opened from a window still open (its running cells), before the window closed")
                .register(registry);
        for (IncidentKind kind : IncidentKind.values()) {
            Gauge.builder(
                            "posmon.incidents.open",
                            openByKind,
                            counts -> counts.get().getOrDefault(kind, 0L))
                    .description("Active incidents by kind, as the active replica last committed them (0 on a standby)")
                    .tags(Tags.of("kind", kind.name()))
                    .register(registry);
        }
    }

    /**
     * Rebuilds everything judging depends on from the database, before the first window: the detector from its snapshot
     * and the windows judged since (replayed in the order judged), the maintenance calendar, and which windows wait or
     * were judged.
     */
    public synchronized void restore(PipelineStore store, WindowBuffer buffer) throws SQLException {
        long started = System.nanoTime();
        detector.reset();
        Optional<Map.Entry<Long, byte[]>> snapshot = store.snapshot();
        long through = 0;
        if (snapshot.isPresent()) {
            try {
                detector.restore(snapshot.get().getValue());
                through = snapshot.get().getKey();
            } catch (IllegalArgumentException e) {
                // a snapshot of another format (or damaged) must not keep every replica from judging: start cold and
                // learn
                // from the windows whose input is still kept
                LOG.errorf(
                        "the detector snapshot of window #%d does not read (%s): restoring from the windows kept instead",
                        snapshot.get().getKey(), e.getMessage());
                unreadableSnapshots.increment();
                detector.reset();
            }
        }
        List<PipelineStore.JudgedSeries> since = store.judgedAfter(through);
        for (PipelineStore.JudgedSeries judged : since) {
            analysis.replay(judged.windowStart(), judged.series());
        }
        windowsSinceSnapshot = since.size();
        reloadCalendar(store);
        buffer.restore(store.pendingWindows(), store.judgedSince(Instant.EPOCH));
        store.lastJudgedEnd().ifPresent(end -> judgedUpTo.set(end.getEpochSecond()));
        openByKind.set(store.activeByKind());
        LOG.infof(
                "restored the detector (%d series) from %s and %d windows judged since, in %d ms; "
                        + "%d windows wait for judgement",
                detector.series(),
                snapshot.isPresent() ? "the snapshot of window #" + through : "no snapshot",
                since.size(),
                (System.nanoTime() - started) / 1_000_000,
                buffer.pending());
    }

    /**
     * Judges one settled window and commits everything it changes in one transaction; the buffer learns it was judged
     * only after that. A failure leaves the database as it was and the detector ahead of it: the caller restores.
     */
    public synchronized WindowAnalysis.Result judge(
            PipelineStore store, WindowBuffer buffer, WindowBuffer.Window window) throws SQLException {
        if (store.alreadyJudged(window.start())) {
            buffer.judged(window);
            return new WindowAnalysis.Result(List.of(), null, List.of());
        }
        List<CubeCell> cells = store.cells(window.start());
        reloadCalendar(store);
        List<WindowAnalysis.SeriesTotal> series = WindowAnalysis.series(cells);
        WindowAnalysis.Result result = analysis.analyze(window.start(), window.end(), cells, series);

        Instant now = clock.instant();
        PipelineStore.CorrelatorState state = store.lockCorrelatorState(window.end(), correlatorSettings.cooldown());
        Correlator correlator = correlator();
        correlator.restore(state.incidents(), state.pending());
        List<Change> changes = correlator.window(
                window.start(), window.end(), result.findings(), scope -> WindowAnalysis.terminals(cells, scope));
        List<PipelineStore.Notification> notifications = new ArrayList<>();
        changes.forEach(change -> notifications.addAll(notifications(change)));
        boolean snapshotDue = windowsSinceSnapshot + 1 >= snapshotEvery;
        store.recordJudgement(
                window,
                cells.size(),
                series,
                List.copyOf(correlator.incidents()),
                notifications,
                correlator.pending(),
                snapshotDue ? detector.snapshot() : null,
                now);

        buffer.judged(window);
        if (snapshotDue) {
            buffer.forgetJudgedBefore(PipelineStore.judgedHorizon(window, now, judgedRetention));
        }
        windowsSinceSnapshot = snapshotDue ? 0 : windowsSinceSnapshot + 1;
        // a window stamped in the future (a terminal's clock) must not hide how far judging really is behind
        judgedUpTo.accumulateAndGet(Math.min(window.end().getEpochSecond(), now.getEpochSecond()), Math::max);
        openByKind.set(store.activeByKind());
        for (Change change : changes) {
            if (change.type() == Change.Type.OPENED) {
                detectionDelay.record(Duration.between(
                        change.incident().onset(), change.incident().detectedAt()));
                LOG.infof(
                        "incident %s opened: %s %s",
                        change.incident().id(),
                        change.incident().kind(),
                        change.incident().scope());
            } else if (change.type() == Change.Type.CHANGED) {
                LOG.infof(
                        "incident %s changed in place: %s %s -> %s %s",
                        change.incident().id(),
                        change.previous().kind(),
                        change.previous().scope(),
                        change.incident().kind(),
                        change.incident().scope());
            } else if (change.type() == Change.Type.RESOLVED || change.type() == Change.Type.REOPENED) {
                LOG.infof(
                        "incident %s %s",
                        change.incident().id(), change.type().name().toLowerCase(Locale.ROOT));
            }
        }
        return result;
    }

    /**
     * Judges a window that is still open from its running cells: a severe finding of a paging kind opens its incident
     * now instead of after the window's close, grace and settle (see {@link Correlator#early}). The detector learns
     * nothing; the incident and its notifications commit in one transaction; the closed window is judged as always and
     * finds the incident open.
     */
    public synchronized List<Change> judgeEarly(PipelineStore store, WindowBuffer buffer, RunningCells.Due due)
            throws SQLException {
        if (buffer.isJudged(due.window().start())) {
            return List.of();
        }
        WindowAnalysis.Result result =
                analysis.early(due.window().start(), due.window().end(), due.cells());
        if (result.findings().isEmpty()) {
            return List.of();
        }
        reloadCalendar(store);
        PipelineStore.CorrelatorState state =
                store.lockCorrelatorState(due.window().end(), correlatorSettings.cooldown());
        Correlator correlator = correlator();
        correlator.restore(state.incidents(), state.pending());
        List<Change> changes =
                correlator.early(result.findings(), scope -> WindowAnalysis.terminals(due.cells(), scope));
        List<PipelineStore.Notification> notifications = new ArrayList<>();
        changes.forEach(change -> notifications.addAll(notifications(change)));
        store.recordEarly(changes.stream().map(Change::incident).toList(), notifications, clock.instant());
        openByKind.set(store.activeByKind());
        for (Change change : changes) {
            earlyOpened.increment();
            if (change.type() == Change.Type.OPENED) {
                detectionDelay.record(Duration.between(
                        change.incident().onset(), change.incident().detectedAt()));
            }
            LOG.infof(
                    "incident %s %s early, from window %s still open: %s %s",
                    change.incident().id(),
                    change.type() == Change.Type.OPENED ? "opened" : "re-opened",
                    due.window().start(),
                    change.incident().kind(),
                    change.incident().scope());
        }
        return changes;
    }

    /** This replica is no longer the active one: what it reports as open is the next active one's to say. */
    public void steppedDown() {
        openByKind.set(Map.of());
    }

    public Optional<Incident> acknowledge(String id) throws SQLException {
        return transition(id, Correlator::acknowledge);
    }

    public Optional<Incident> resolve(String id) throws SQLException {
        return transition(id, Correlator::resolve);
    }

    /**
     * An operator's change of one incident, on whichever replica the request reached: the row is locked (as the active
     * replica's judging locks it), changed, and its notifications written, in one transaction.
     */
    private Optional<Incident> transition(String id, BiFunction<Correlator, String, Optional<Change>> operation)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Incident> current = lockIncident(connection, id);
                Correlator correlator = correlator();
                current.ifPresent(incident -> correlator.restore(List.of(incident)));
                Optional<Change> change = current.isEmpty() ? Optional.empty() : operation.apply(correlator, id);
                if (change.isPresent()) {
                    Instant now = clock.instant();
                    PipelineStore.writeIncidents(
                            connection, List.of(change.get().incident()), now);
                    PipelineStore.writeOutbox(connection, notifications(change.get()), now);
                }
                connection.commit();
                return change.map(Change::incident);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Optional<Incident> lockIncident(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + PipelineStore.INCIDENT_COLUMNS + " FROM incident WHERE id = ? FOR UPDATE")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(PipelineStore.incident(row)) : Optional.empty();
            }
        }
    }

    /**
     * Enqueues Alertmanager alerts for every firing paging incident, so Alertmanager keeps them active. The active
     * replica does it.
     */
    public void resendFiring() throws SQLException {
        if (!role.active() || notify.alertmanagerUrl().isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                PipelineStore.lockOutbox(connection);
                List<PipelineStore.Notification> alerts = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT " + PipelineStore.INCIDENT_COLUMNS
                                + " FROM incident WHERE status <> 'RESOLVED'");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Incident incident = PipelineStore.incident(rows);
                        if (incident.kind().pages()) {
                            alerts.add(new PipelineStore.Notification(
                                    incident.id(),
                                    Notifications.ALERTMANAGER,
                                    IncidentMapping.json(Notifications.alertmanager(incident, notify.externalUrl()))));
                        }
                    }
                }
                PipelineStore.writeOutbox(connection, alerts, clock.instant());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Correlator correlator() {
        return new Correlator(correlatorSettings, calendar, clock, () -> "inc-" + UUID.randomUUID());
    }

    private void reloadCalendar(PipelineStore store) throws SQLException {
        store.maintenanceWindows().forEach(calendar::put);
    }

    /**
     * Every change goes to incidents.v1; opening, re-opening, a change of kind or scope in place, acknowledging and
     * resolving notify people; plain updates of a firing incident are covered by the periodic re-send.
     */
    private List<PipelineStore.Notification> notifications(Change change) {
        Incident incident = change.incident();
        List<PipelineStore.Notification> out = new ArrayList<>();
        out.add(new PipelineStore.Notification(
                incident.id(), Notifications.TOPIC, IncidentMapping.json(incident.toRecord())));
        boolean announce = change.type() == Change.Type.OPENED
                || change.type() == Change.Type.REOPENED
                || change.type() == Change.Type.RESOLVED
                || change.type() == Change.Type.ACKNOWLEDGED
                || change.type() == Change.Type.CHANGED;
        if (!announce) {
            return out;
        }
        if (notify.alertmanagerUrl().isPresent()) {
            if (change.type() == Change.Type.CHANGED) {
                List<Map<String, Object>> alerts = Notifications.alertmanagerChange(
                        change.previous(), incident, clock.instant(), notify.externalUrl());
                if (!alerts.isEmpty()) {
                    out.add(new PipelineStore.Notification(
                            incident.id(), Notifications.ALERTMANAGER, IncidentMapping.json(alerts)));
                }
            } else if (incident.kind().pages() && change.type() != Change.Type.ACKNOWLEDGED) {
                out.add(new PipelineStore.Notification(
                        incident.id(),
                        Notifications.ALERTMANAGER,
                        IncidentMapping.json(Notifications.alertmanager(incident, notify.externalUrl()))));
            }
        }
        if (notify.webhookUrl().isPresent()) {
            out.add(new PipelineStore.Notification(
                    incident.id(),
                    Notifications.WEBHOOK,
                    IncidentMapping.json(
                            Notifications.webhook(incident, change.type(), change.previous(), notify.externalUrl()))));
        }
        return out;
    }
}
