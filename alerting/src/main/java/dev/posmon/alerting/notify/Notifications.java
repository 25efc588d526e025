package dev.posmon.alerting.notify;

import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies posmon sends about an incident: Alertmanager API v2 alerts (labels kind, scope, severity and acquirer;
 * annotations summary and action; {@code endsAt} once resolved) and a generic webhook shaped like
 * Alertmanager's webhook v4. An incident is one alert per acquirer it hit (label {@code acquirer}), so that
 * Alertmanager routes each tenant's page to that tenant's receiver, and an incident that hit no registered terminal
 * is one alert without the label. Plain class.
 */
public final class Notifications {

    public static final String ALERTMANAGER = "alertmanager";
    public static final String WEBHOOK = "webhook";
    /** The topic incidents.v1, through the same outbox. */
    public static final String TOPIC = "topic";

    static final String ALERT_NAME = "PosmonIncident";

    private Notifications() {}

    /** The label of the acquirer (tenant) an alert is for. */
    public static final String ACQUIRER = "acquirer";

    /** The labels every alert of an incident has (without {@link #ACQUIRER}). */
    public static Map<String, String> labels(Incident incident) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("incident_id", incident.id());
        labels.put("kind", incident.kind().name());
        labels.put("severity", incident.kind().pages() ? "page" : "info");
        incident.scope().forEach(labels::put);
        return labels;
    }

    public static Map<String, String> annotations(Incident incident) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                incident.kind() + " " + incident.scope() + ": " + incident.failures() + " failed sign-ons, "
                        + incident.affectedTerminals() + " terminals affected since " + incident.onset() + ", "
                        + incident.stillFailing() + " still failing");
        annotations.put("affected_terminals", String.valueOf(incident.affectedTerminals()));
        annotations.put("still_failing", String.valueOf(incident.stillFailing()));
        annotations.put("action", incident.action());
        annotations.put("evidence", incident.evidence().toString());
        annotations.put("detected_at", String.valueOf(incident.detectedAt()));
        return annotations;
    }

    /**
     * The annotations of the alert for {@code acquirer}: an incident that also hit other acquirers gives each tenant's
     * alert no counts or evidence (they are of every acquirer's terminals), only where to read its own terminals.
     */
    static Map<String, String> annotations(Incident incident, String acquirer, String externalUrl) {
        if (acquirer == null || incident.acquirers().size() < 2) {
            return annotations(incident);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                incident.kind() + " " + incident.scope() + " since " + incident.onset()
                        + ": it hit other acquirers' terminals too; " + acquirer + "'s terminals: " + externalUrl
                        + "/v1/incidents/" + incident.id() + "/terminals");
        annotations.put("action", incident.action());
        annotations.put("detected_at", String.valueOf(incident.detectedAt()));
        return annotations;
    }

    /** The labels of the incident's alert for {@code acquirer} (none: the alert of an incident of no acquirer). */
    public static Map<String, String> labels(Incident incident, String acquirer) {
        Map<String, String> labels = labels(incident);
        if (acquirer != null) {
            labels.put(ACQUIRER, acquirer);
        }
        return labels;
    }

    /** The acquirers an incident's alerts are for: each it hit, or one alert without an acquirer. */
    private static List<String> alertAcquirers(Incident incident) {
        return incident.acquirers().isEmpty() ? Collections.singletonList(null) : List.copyOf(incident.acquirers());
    }

    /** One alert of Alertmanager's {@code POST /api/v2/alerts} body. */
    static Map<String, Object> alert(Incident incident, String acquirer, String externalUrl) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels(incident, acquirer));
        alert.put("annotations", annotations(incident, acquirer, externalUrl));
        alert.put("startsAt", incident.onset().toString());
        if (incident.resolvedAt() != null) {
            alert.put("endsAt", incident.resolvedAt().toString());
        }
        alert.put("generatorURL", externalUrl + "/v1/incidents/" + incident.id());
        return alert;
    }

    /** The incident's alerts: one per acquirer it hit. */
    public static List<Map<String, Object>> alertmanager(Incident incident, String externalUrl) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (String acquirer : alertAcquirers(incident)) {
            alerts.add(alert(incident, acquirer, externalUrl));
        }
        return alerts;
    }

    /**
     * The alerts that tell Alertmanager an incident changed its kind, scope or acquirers in place. Alertmanager knows an
     * alert by its labels, and kind, scope and acquirer are labels: each alert under labels the incident no longer has
     * ends now and, if the incident still pages, its alerts under the new labels fire (same incident_id; an acquirer it
     * newly hit gets its own). All travel in one body, so that the outbox's "newest row per incident and receiver" never
     * drops the ending of an old alert; empty when neither pages.
     */
    public static List<Map<String, Object>> alertmanagerChange(
            Incident previous, Incident current, Instant now, String externalUrl) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        List<Map<String, Object>> firing = current.kind().pages() ? alertmanager(current, externalUrl) : List.of();
        Set<Object> stillLabelled = new HashSet<>();
        firing.forEach(alert -> stillLabelled.add(alert.get("labels")));
        if (previous.kind().pages()) {
            for (Map<String, Object> old : alertmanager(previous, externalUrl)) {
                if (!stillLabelled.contains(old.get("labels"))) {
                    old.put("endsAt", now.toString());
                    alerts.add(old);
                }
            }
        }
        alerts.addAll(firing);
        return alerts;
    }

    /** Alertmanager webhook v4 shape, one alert, for any HTTP receiver. */
    public static Map<String, Object> webhook(Incident incident, Change.Type change, String externalUrl) {
        return webhook(incident, change, null, externalUrl);
    }

    /** @param previous for a CHANGED incident, what it was ({@code posmonPrevious}: kind and scope); else null */
    public static Map<String, Object> webhook(
            Incident incident, Change.Type change, Incident previous, String externalUrl) {
        String status = incident.active() ? "firing" : "resolved";
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (String acquirer : alertAcquirers(incident)) {
            Map<String, Object> alert = alert(incident, acquirer, externalUrl);
            alert.put("status", status);
            alert.put("fingerprint", acquirer == null ? incident.id() : incident.id() + "/" + acquirer);
            alerts.add(alert);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", "{}:{incident_id=\"" + incident.id() + "\"}");
        body.put("truncatedAlerts", 0);
        body.put("status", status);
        body.put("receiver", "posmon-webhook");
        body.put("groupLabels", Map.of("incident_id", incident.id()));
        body.put("commonLabels", labels(incident));
        body.put("commonAnnotations", annotations(incident));
        body.put("externalURL", externalUrl);
        body.put("posmonChange", change.name());
        if (previous != null) {
            body.put(
                    "posmonPrevious",
                    Map.of(
                            "kind",
                            previous.kind().name(),
                            "scope",
                            previous.scope(),
                            "acquirers",
                            List.copyOf(previous.acquirers())));
        }
        body.put("alerts", alerts);
        return body;
    }
}
