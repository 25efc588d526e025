package dev.posmon.alerting.incident;

import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.classify.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public record Change(Type type, Incident incident) {
        public enum Type { OPENED, UPDATED, ABSORBED, REOPENED, RESOLVED, ACKNOWLEDGED }
    }

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

    /** A window closed with these findings (none: a quiet window for every incident). */
    public List<Change> window(Instant windowStart, Instant windowEnd, List<Finding> findings) {
        List<Change> changes = new ArrayList<>();
        Map<String, Finding> seenNow = new HashMap<>();
        List<Finding> ordered = new ArrayList<>(findings);
        // host findings first, so that the symptoms they cause find their incident
        ordered.sort((a, b) -> Boolean.compare(!a.scope().containsKey("host"), !b.scope().containsKey("host")));
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
                seenNow.put(host.key(), finding);
                continue;
            }
            IncidentKind kind = kindOf(finding, calendar);
            String key = Incident.key(kind, finding.scope());
            seenNow.put(key, finding);
            Optional<Incident> active = byId.values().stream().filter(i -> i.active() && i.key().equals(key)).findFirst();
            if (active.isPresent()) {
                Incident updated = grow(active.get(), finding);
                byId.put(updated.id(), updated);
                changes.add(new Change(Change.Type.UPDATED, updated));
                continue;
            }
            Optional<Incident> recent = byId.values().stream()
                    .filter(i -> !i.active() && i.key().equals(key) && i.resolvedAt() != null
                            && !i.resolvedAt().plus(settings.cooldown()).isBefore(windowEnd))
                    .findFirst();
            if (recent.isPresent()) {
                Incident reopened = grow(recent.get(), finding).with(Incident.Status.OPEN, null, 0, recent.get().reopened() + 1);
                byId.put(reopened.id(), reopened);
                changes.add(new Change(Change.Type.REOPENED, reopened));
                continue;
            }
            Finding earlier = pending.get(key);
            boolean severe = finding.observedRatio() >= settings.immediateRatio() || finding.failures() >= settings.immediateFailures();
            if (severe || earlier != null) {
                Incident opened = open(kind, earlier != null ? earlier : finding, finding);
                byId.put(opened.id(), opened);
                changes.add(new Change(Change.Type.OPENED, opened));
            }
        }
        pending.clear();
        seenNow.forEach((key, finding) -> {
            if (byId.values().stream().noneMatch(i -> i.active() && i.key().equals(key))) {
                pending.put(key, finding);
            }
        });
        for (Incident incident : List.copyOf(byId.values())) {
            if (!incident.active() || seenNow.containsKey(incident.key())) {
                continue;
            }
            int quiet = incident.quietWindows() + 1;
            if (quiet >= settings.quietWindows()) {
                Incident resolved = incident.with(Incident.Status.RESOLVED, windowEnd, quiet, incident.reopened());
                byId.put(resolved.id(), resolved);
                changes.add(new Change(Change.Type.RESOLVED, resolved));
            } else {
                byId.put(incident.id(), incident.with(incident.status(), null, quiet, incident.reopened()));
            }
        }
        forgetPastCooldown(windowEnd);
        return changes;
    }

    /**
     * Drops the resolved incidents that can no longer re-open (resolved longer than the cool-down before this
     * window's end; windows only move forward), so memory holds the active incidents and the recent ones only.
     * The database keeps them all.
     */
    private void forgetPastCooldown(Instant windowEnd) {
        byId.values().removeIf(i -> !i.active() && i.resolvedAt() != null && i.resolvedAt().plus(settings.cooldown()).isBefore(windowEnd));
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
        return kind == IncidentKind.HOST_OUTAGE || kind == IncidentKind.HOST_MAINTENANCE || kind == IncidentKind.PLANNED_MAINTENANCE;
    }

    /**
     * What kind of incident a finding is, from its scope, its dominant cause and the calendar. Host-side failures
     * of a host are PLANNED_MAINTENANCE inside a declared window; outside, HOST_MAINTENANCE when maintenance answers
     * dominate, else HOST_OUTAGE, a total stop included: nothing in the cube tells a host someone stopped from one
     * that fell over, and calling a crash maintenance would be the costlier mistake (alerting/README.md).
     */
    public static IncidentKind kindOf(Finding finding, MaintenanceCalendar calendar) {
        Cause cause = finding.dominantCause();
        String host = finding.scope().get("host");
        if (host != null && (cause.hostSide() || cause == Cause.HOST_MAINTENANCE)) {
            if (calendar.covering(host, finding.windowStart()).isPresent() || calendar.covering(host, finding.windowEnd().minusMillis(1)).isPresent()) {
                return IncidentKind.PLANNED_MAINTENANCE;
            }
            return cause == Cause.HOST_MAINTENANCE ? IncidentKind.HOST_MAINTENANCE : IncidentKind.HOST_OUTAGE;
        }
        return switch (cause) {
            case KEY_MAC -> IncidentKind.KEY_SYNC;
            case MERCHANT_ACCOUNT, TERMINAL_NOT_REGISTERED -> IncidentKind.MERCHANT_ACCOUNT_WAVE;
            case SOFTWARE -> IncidentKind.SOFTWARE_DEFECT;
            case NETWORK -> host == null ? IncidentKind.NETWORK_OUTAGE : IncidentKind.OTHER;
            default -> finding.scope().containsKey("firmware") || finding.scope().containsKey("model")
                    ? IncidentKind.SOFTWARE_DEFECT : IncidentKind.OTHER;
        };
    }

    private Incident open(IncidentKind kind, Finding first, Finding latest) {
        return new Incident(ids.get(), kind, Incident.Status.OPEN, latest.scope(), first.windowStart(), clock.instant(), latest.windowEnd(), null,
                Math.max(first.affectedTerminals(), latest.affectedTerminals()), first == latest ? latest.failures() : first.failures() + latest.failures(),
                latest.evidence(), Actions.of(kind, latest.scope(), calendar, latest), 0, 0, List.of());
    }

    private Incident grow(Incident incident, Finding finding) {
        Map<String, Long> evidence = new HashMap<>(incident.evidence());
        finding.evidence().forEach((code, count) -> evidence.merge(code, count, Long::sum));
        return new Incident(incident.id(), incident.kind(), incident.status(), incident.scope(), incident.onset(), incident.detectedAt(),
                finding.windowEnd(), incident.resolvedAt(), Math.max(incident.affectedTerminals(), finding.affectedTerminals()),
                incident.failures() + finding.failures(), top(evidence), incident.action(), 0, incident.reopened(), incident.absorbed());
    }

    private static Incident copy(Incident i, List<Map<String, String>> absorbed) {
        return new Incident(i.id(), i.kind(), i.status(), i.scope(), i.onset(), i.detectedAt(), i.lastSeenAt(), i.resolvedAt(), i.affectedTerminals(),
                i.failures(), i.evidence(), i.action(), 0, i.reopened(), absorbed);
    }

    /** The five most frequent codes and transport errors. */
    static Map<String, Long> top(Map<String, Long> evidence) {
        Map<String, Long> top = new LinkedHashMap<>();
        evidence.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
