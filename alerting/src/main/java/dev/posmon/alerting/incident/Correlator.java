package dev.posmon.alerting.incident;

import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.classify.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns each closed window's localized findings into incidents: one per kind and scope; a host incident
 * absorbs the province and carrier symptoms it causes (inhibition); a mild finding must repeat before it
 * opens one (hysteresis); an incident resolves after a quiet period; a relapse within the cool-down
 * re-opens it instead of paging anew. Failures inside a declared window are PLANNED_MAINTENANCE. Plain
 * class; {@link Change}s tell the service what to persist and notify.
 */
public final class Correlator {

    /** What happened to an incident in this window. */
    /**
     * @param previous for {@link Type#CHANGED}: the incident as it was before its kind or scope changed; else null
     */
    public record Change(Type type, Incident incident, Incident previous) {
        /** CHANGED: the kind or the scope changed in place (the same event, better understood). */
        public enum Type {
            OPENED,
            UPDATED,
            CHANGED,
            ABSORBED,
            REOPENED,
            RESOLVED,
            ACKNOWLEDGED
        }

        public Change(Type type, Incident incident) {
            this(type, incident, null);
        }
    }

    /** Pending key of a scope that may replace an incident's own if the next window shows it again. */
    static final String RESCOPE = "rescope:";

    private final CorrelatorSettings settings;
    private final MaintenanceCalendar calendar;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, Incident> byId = new LinkedHashMap<>();
    private final Map<String, Finding> pending = new HashMap<>();

    public Correlator(CorrelatorSettings settings, MaintenanceCalendar calendar, Clock clock, Supplier<String> ids) {
        this.settings = settings;
        this.calendar = calendar;
        this.clock = clock;
        this.ids = ids;
    }

    /** Restores incidents kept elsewhere (the database) after a restart. */
    public void restore(Collection<Incident> incidents) {
        incidents.forEach(incident -> byId.put(incident.id(), incident));
    }

    /**
     * Restores the incidents that are active or may still re-open, and the mild findings that wait for a second
     * window ({@link #pending()} after the last window judged): the correlator then decides the next window as the one
     * that judged the last would have.
     */
    public void restore(Collection<Incident> incidents, Map<String, Finding> pendingFindings) {
        restore(incidents);
        pending.putAll(pendingFindings);
    }

    /** The mild findings seen once, by incident key, that open an incident if the next window shows them again. */
    public Map<String, Finding> pending() {
        return Map.copyOf(pending);
    }

    public Collection<Incident> incidents() {
        return List.copyOf(byId.values());
    }

    public Optional<Incident> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** A window closed with these findings (none: a quiet window for every incident), without terminal sets. */
    public List<Change> window(Instant windowStart, Instant windowEnd, List<Finding> findings) {
        return window(windowStart, windowEnd, findings, scope -> WindowTerminals.NONE);
    }

    /**
     * A window closed with these findings (none: a quiet window for every incident); {@code terminals} gives the
     * terminals of any scope in this window, so that every active incident counts who it hit and who still fails.
     */
    public List<Change> window(
            Instant windowStart,
            Instant windowEnd,
            List<Finding> findings,
            Function<Map<String, String>, WindowTerminals> terminals) {
        List<Change> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Finding> seenNow = new HashMap<>();
        List<Finding> ordered = new ArrayList<>(findings);
        // host findings first, so that the symptoms they cause find their incident
        ordered.sort((a, b) ->
                Boolean.compare(!a.scope().containsKey("host"), !b.scope().containsKey("host")));
        for (Finding finding : ordered) {
            Optional<Incident> inhibitor = inhibitor(finding);
            if (inhibitor.isPresent()) {
                Incident host = inhibitor.get();
                if (!host.absorbed().contains(finding.scope())) {
                    List<Map<String, String>> absorbed = new ArrayList<>(host.absorbed());
                    absorbed.add(finding.scope());
                    Incident updated = copy(host, absorbed);
                    byId.put(updated.id(), updated);
                    changes.add(new Change(Change.Type.ABSORBED, updated));
                }
                seen.add(host.id());
                continue;
            }
            IncidentKind kind = kindOf(finding, calendar);
            Optional<Incident> active = sameEvent(kind, finding.scope(), Incident::active);
            if (active.isPresent()) {
                Incident before = active.get();
                Map<String, String> scope = before.scope();
                if (!finding.scope().equals(scope)) {
                    // a different scope of the same event (narrower, wider) takes over once two windows in a row show
                    // it
                    String rescope = RESCOPE + before.id();
                    Finding candidate = pending.get(rescope);
                    if (candidate != null && candidate.scope().equals(finding.scope())) {
                        scope = finding.scope();
                    } else {
                        seenNow.put(rescope, finding);
                    }
                }
                Incident updated = grow(before, finding, scope, terminals.apply(scope));
                byId.put(updated.id(), updated);
                // a new acquirer hit is a change too: its tenant gets its own alert now, not at the next re-send
                boolean changed = updated.kind() != before.kind()
                        || !updated.scope().equals(before.scope())
                        || !updated.acquirers().equals(before.acquirers());
                changes.add(new Change(
                        changed ? Change.Type.CHANGED : Change.Type.UPDATED, updated, changed ? before : null));
                seen.add(updated.id());
                continue;
            }
            Optional<Incident> recent = sameEvent(
                    kind,
                    finding.scope(),
                    i -> !i.active()
                            && i.resolvedAt() != null
                            && !i.resolvedAt().plus(settings.cooldown()).isBefore(windowEnd));
            if (recent.isPresent()) {
                Incident reopened = grow(recent.get(), finding, finding.scope(), terminals.apply(finding.scope()))
                        .with(Incident.Status.OPEN, null, 0, recent.get().reopened() + 1);
                byId.put(reopened.id(), reopened);
                changes.add(new Change(Change.Type.REOPENED, reopened));
                seen.add(reopened.id());
                continue;
            }
            String key = eventKey(kind, finding.scope());
            seenNow.put(key, finding);
            Finding earlier = pending.get(key);
            boolean severe = finding.observedRatio() >= settings.immediateRatio()
                    || finding.failures() >= settings.immediateFailures();
            if (severe || earlier != null) {
                Incident opened =
                        open(kind, earlier != null ? earlier : finding, finding, terminals.apply(finding.scope()));
                byId.put(opened.id(), opened);
                changes.add(new Change(Change.Type.OPENED, opened));
                seen.add(opened.id());
                seenNow.remove(key);
            }
        }
        pending.clear();
        pending.putAll(seenNow);
        for (Incident incident : List.copyOf(byId.values())) {
            if (!incident.active()
                    || seen.contains(incident.id())
                    || (incident.lastSeenAt() != null && !windowEnd.isAfter(incident.lastSeenAt()))) {
                // a window that ended before the incident was last seen failing (judging behind an incident opened or
                // re-opened early from a window still open) says nothing about its recovery
                continue;
            }
            // a quiet window still tells who recovered
            Incident observed = incident.with(incident.tally().observe(terminals.apply(incident.scope())));
            int quiet = incident.quietWindows() + 1;
            if (quiet >= settings.quietWindows()) {
                Incident resolved = observed.with(Incident.Status.RESOLVED, windowEnd, quiet, incident.reopened());
                byId.put(resolved.id(), resolved);
                changes.add(new Change(Change.Type.RESOLVED, resolved));
            } else {
                byId.put(incident.id(), observed.with(incident.status(), null, quiet, incident.reopened()));
            }
        }
        forgetPastCooldown(windowEnd);
        return changes;
    }

    /**
     * A window still open showed these findings (from its counts so far). A finding of a paging kind that is bad enough —
     * at least {@code immediateRatio} of its attempts failing, {@code earlyFailures} failures and {@code earlyTerminals}
     * distinct failing terminals — opens its incident now,
     * or re-opens the incident of its event resolved within the cool-down; nothing when its event has one active.
     * Nothing else changes: quiet counts, pending findings and the other incidents wait for the closed window, which
     * then finds this incident and updates it.
     */
    public List<Change> early(List<Finding> findings, Function<Map<String, String>, WindowTerminals> terminals) {
        List<Change> changes = new ArrayList<>();
        List<Finding> ordered = new ArrayList<>(findings);
        ordered.sort((a, b) ->
                Boolean.compare(!a.scope().containsKey("host"), !b.scope().containsKey("host")));
        for (Finding finding : ordered) {
            IncidentKind kind = kindOf(finding, calendar);
            if (!kind.pages()
                    || inhibitor(finding).isPresent()
                    || finding.observedRatio() < settings.immediateRatio()
                    || finding.failures() < settings.earlyFailures()
                    || finding.affectedTerminals() < settings.earlyTerminals()) {
                continue;
            }
            if (sameEvent(kind, finding.scope(), Incident::active).isPresent()) {
                continue;
            }
            Optional<Incident> recent = sameEvent(
                    kind,
                    finding.scope(),
                    i -> i.resolvedAt() != null
                            && !i.resolvedAt().plus(settings.cooldown()).isBefore(finding.windowEnd()));
            if (recent.isPresent()) {
                // a relapse pages as soon as a first one would
                Incident reopened = grow(recent.get(), finding, finding.scope(), terminals.apply(finding.scope()))
                        .with(Incident.Status.OPEN, null, 0, recent.get().reopened() + 1);
                byId.put(reopened.id(), reopened);
                changes.add(new Change(Change.Type.REOPENED, reopened));
            } else {
                Incident opened = open(kind, finding, finding, terminals.apply(finding.scope()));
                byId.put(opened.id(), opened);
                changes.add(new Change(Change.Type.OPENED, opened));
            }
        }
        return changes;
    }

    /**
     * The incident of the same event, if any: a host's incident whatever its kind (outage, unannounced or planned
     * maintenance: the kind may change as evidence arrives), otherwise one of the same kind; and a scope that equals,
     * contains or lies within the finding's (a network outage named by province that narrows to a carrier). An equal
     * scope first, then the earliest.
     */
    private Optional<Incident> sameEvent(IncidentKind kind, Map<String, String> scope, Predicate<Incident> state) {
        return byId.values().stream()
                .filter(state)
                .filter(i -> family(i.kind()).equals(family(kind)) && related(i.scope(), scope))
                .min(Comparator.<Incident>comparingInt(i -> i.scope().equals(scope) ? 0 : 1)
                        .thenComparing(Incident::onset));
    }

    /** The kinds one event may take in turn: a host's are one family. */
    static String family(IncidentKind kind) {
        return hostKind(kind) ? "HOST" : kind.name();
    }

    /** One scope contains the other (as sets of dimension values). */
    static boolean related(Map<String, String> a, Map<String, String> b) {
        return a.entrySet().containsAll(b.entrySet()) || b.entrySet().containsAll(a.entrySet());
    }

    /** The key under which a mild finding waits for its second window. */
    static String eventKey(IncidentKind kind, Map<String, String> scope) {
        return family(kind) + new TreeMap<>(scope);
    }

    /**
     * Drops the resolved incidents that can no longer re-open (resolved longer than the cool-down before this
     * window's end; windows only move forward), so memory holds the active incidents and the recent ones only.
     * The database keeps them all.
     */
    private void forgetPastCooldown(Instant windowEnd) {
        byId.values()
                .removeIf(i -> !i.active()
                        && i.resolvedAt() != null
                        && i.resolvedAt().plus(settings.cooldown()).isBefore(windowEnd));
    }

    public Optional<Change> acknowledge(String id) {
        return transition(id, Incident.Status.ACKNOWLEDGED, null, Change.Type.ACKNOWLEDGED);
    }

    public Optional<Change> resolve(String id) {
        return transition(id, Incident.Status.RESOLVED, clock.instant(), Change.Type.RESOLVED);
    }

    private Optional<Change> transition(String id, Incident.Status status, Instant resolvedAt, Change.Type type) {
        Incident incident = byId.get(id);
        if (incident == null || !incident.active()) {
            return Optional.empty();
        }
        Incident changed = incident.with(status, resolvedAt, incident.quietWindows(), incident.reopened());
        byId.put(id, changed);
        return Optional.of(new Change(type, changed));
    }

    /** An active host incident that explains this finding's excess, for a finding without a host. */
    private Optional<Incident> inhibitor(Finding finding) {
        if (finding.scope().containsKey("host")) {
            return Optional.empty();
        }
        return byId.values().stream()
                .filter(i -> i.active() && i.scope().containsKey("host") && hostKind(i.kind()))
                .filter(i -> finding.hostShare().getOrDefault(i.scope().get("host"), 0.0) >= settings.inhibitShare())
                .findFirst();
    }

    private static boolean hostKind(IncidentKind kind) {
        return kind == IncidentKind.HOST_OUTAGE
                || kind == IncidentKind.HOST_MAINTENANCE
                || kind == IncidentKind.PLANNED_MAINTENANCE;
    }

    /**
     * What kind of incident a finding is, from its scope, its dominant cause and the calendar. Host-side failures
     * of a host are PLANNED_MAINTENANCE inside a declared window of the host, and so are network failures of a scope
     * inside a declared window of its province's or carrier's network (announced works); outside, HOST_MAINTENANCE when
     * maintenance answers dominate, else HOST_OUTAGE, a total stop included: nothing in the cube tells a host someone
     * stopped from one that fell over, and calling a crash maintenance would be the costlier mistake
     * (alerting/README.md).
     */
    public static IncidentKind kindOf(Finding finding, MaintenanceCalendar calendar) {
        Cause cause = finding.dominantCause();
        String host = finding.scope().get("host");
        if (host != null && (cause.hostSide() || cause == Cause.HOST_MAINTENANCE)) {
            if (calendar.covering(host, finding.windowStart()).isPresent()
                    || calendar.covering(host, finding.windowEnd().minusMillis(1))
                            .isPresent()) {
                return IncidentKind.PLANNED_MAINTENANCE;
            }
            return finding.maintenanceAnswers() ? IncidentKind.HOST_MAINTENANCE : IncidentKind.HOST_OUTAGE;
        }
        if (cause == Cause.NETWORK && host == null && plannedNetworkWorks(finding, calendar)) {
            return IncidentKind.PLANNED_MAINTENANCE;
        }
        return switch (cause) {
            case KEY_MAC -> IncidentKind.KEY_SYNC;
            case MERCHANT_ACCOUNT, TERMINAL_NOT_REGISTERED -> IncidentKind.MERCHANT_ACCOUNT_WAVE;
            case SOFTWARE ->
                finding.wrongMerchantNames()
                        ? IncidentKind.DISPLAY_WAVE
                        : finding.looping() ? IncidentKind.LOOP_WAVE : IncidentKind.SOFTWARE_DEFECT;
            case HARDWARE -> IncidentKind.HARDWARE_WAVE;
            case NETWORK -> host == null ? IncidentKind.NETWORK_OUTAGE : IncidentKind.OTHER;
            default ->
                finding.scope().containsKey("firmware")
                                || finding.scope().containsKey("model")
                                || finding.scope().containsKey("app")
                        ? (finding.looping() ? IncidentKind.LOOP_WAVE : IncidentKind.SOFTWARE_DEFECT)
                        : IncidentKind.OTHER;
        };
    }

    private static boolean plannedNetworkWorks(Finding finding, MaintenanceCalendar calendar) {
        return calendar.coveringNetwork(finding.scope(), finding.windowStart()).isPresent()
                || calendar.coveringNetwork(finding.scope(), finding.windowEnd().minusMillis(1))
                        .isPresent();
    }

    private Incident open(IncidentKind kind, Finding first, Finding latest, WindowTerminals terminals) {
        Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        if (first != latest) {
            first.failuresByCause().forEach((c, n) -> causes.merge(c, n, Long::sum));
        }
        latest.failuresByCause().forEach((c, n) -> causes.merge(c, n, Long::sum));
        TerminalTally tally = TerminalTally.ofCount(Math.max(first.affectedTerminals(), latest.affectedTerminals()))
                .hit(terminals);
        Map<String, String> actions = Actions.all(kind, latest.scope(), calendar, latest);
        return new Incident(
                ids.get(),
                kind,
                Incident.Status.OPEN,
                latest.scope(),
                first.windowStart(),
                clock.instant(),
                latest.windowEnd(),
                latest.windowEnd(),
                null,
                tally.affected(),
                tally.stillFailing(),
                first == latest ? latest.failures() : first.failures() + latest.failures(),
                latest.evidence(),
                actions.get(settings.language().tag()),
                0,
                0,
                List.of(),
                causes,
                tally,
                united(first.acquirers(), latest.acquirers()),
                actions);
    }

    /**
     * The incident with one more anomalous window: its failures, evidence and causes add up; its terminals move on; its
     * kind is decided again from the failures of all its windows (so a host answering a mix of maintenance and
     * malfunction codes does not flip with each window; a window declared meanwhile makes it planned), in {@code scope}.
     */
    private Incident grow(Incident incident, Finding finding, Map<String, String> scope, WindowTerminals terminals) {
        Map<String, Long> evidence = new HashMap<>(incident.evidence());
        finding.evidence().forEach((code, count) -> evidence.merge(code, count, Long::sum));
        Map<Cause, Long> causes = new EnumMap<>(Cause.class);
        causes.putAll(incident.causes());
        finding.failuresByCause().forEach((c, n) -> causes.merge(c, n, Long::sum));
        Finding whole = new Finding(
                finding.windowStart(),
                finding.windowEnd(),
                scope,
                finding.attempts(),
                finding.failures(),
                finding.expectedFailures(),
                finding.affectedTerminals(),
                causes,
                finding.evidence(),
                finding.hostShare(),
                finding.acquirers());
        IncidentKind kind = kindOf(whole, calendar);
        boolean same = kind == incident.kind() && scope.equals(incident.scope());
        Map<String, String> actions = same ? incident.actions() : Actions.all(kind, scope, calendar, finding);
        String action =
                same ? incident.action() : actions.get(settings.language().tag());
        TerminalTally tally = incident.tally().hit(terminals);
        Instant lastSeen =
                incident.lastSeenAt() != null && incident.lastSeenAt().isAfter(finding.windowEnd())
                        ? incident.lastSeenAt()
                        : finding.windowEnd();
        return new Incident(
                incident.id(),
                kind,
                incident.status(),
                scope,
                incident.onset(),
                incident.detectedAt(),
                incident.detectedWindowEnd(),
                lastSeen,
                incident.resolvedAt(),
                tally.affected(),
                tally.stillFailing(),
                incident.failures() + finding.failures(),
                top(evidence),
                action,
                0,
                incident.reopened(),
                incident.absorbed(),
                causes,
                tally,
                united(incident.acquirers(), finding.acquirers()),
                actions);
    }

    private static Incident copy(Incident i, List<Map<String, String>> absorbed) {
        return new Incident(
                i.id(),
                i.kind(),
                i.status(),
                i.scope(),
                i.onset(),
                i.detectedAt(),
                i.detectedWindowEnd(),
                i.lastSeenAt(),
                i.resolvedAt(),
                i.affectedTerminals(),
                i.stillFailing(),
                i.failures(),
                i.evidence(),
                i.action(),
                0,
                i.reopened(),
                absorbed,
                i.causes(),
                i.tally(),
                i.acquirers(),
                i.actions());
    }

    /** The acquirers an incident hit: every one any of its windows hit. */
    private static SortedSet<String> united(Collection<String> some, Collection<String> more) {
        SortedSet<String> all = new TreeSet<>(some);
        all.addAll(more);
        return all;
    }

    /** The five most frequent codes and transport errors. */
    static Map<String, Long> top(Map<String, Long> evidence) {
        Map<String, Long> top = new LinkedHashMap<>();
        evidence.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
