package dev.posmon.alerting.notify;

import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies posmon sends about an incident: an Alertmanager API v2 alert (labels kind, scope, severity;
 * annotations summary and action; {@code endsAt} once resolved) and a generic webhook shaped like
 * Alertmanager's webhook v4. Plain class.
 */
public final class Notifications {

    public static final String ALERTMANAGER = "alertmanager";
    public static final String WEBHOOK = "webhook";
    /** The topic incidents.v1, through the same outbox. */
    public static final String TOPIC = "topic";

    static final String ALERT_NAME = "PosmonIncident";

    private Notifications() {}

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

    /** One alert of Alertmanager's {@code POST /api/v2/alerts} body. */
    public static Map<String, Object> alert(Incident incident, String externalUrl) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels(incident));
        alert.put("annotations", annotations(incident));
        alert.put("startsAt", incident.onset().toString());
        if (incident.resolvedAt() != null) {
            alert.put("endsAt", incident.resolvedAt().toString());
        }
        alert.put("generatorURL", externalUrl + "/v1/incidents/" + incident.id());
        return alert;
    }

    public static List<Map<String, Object>> alertmanager(Incident incident, String externalUrl) {
        return List.of(alert(incident, externalUrl));
    }

    /**
     * The alerts that tell Alertmanager an incident changed its kind or scope in place. Alertmanager knows an alert by its
     * labels, and kind and scope are labels: the alert under the old labels ends now and, if the incident still pages,
     * one under the new labels fires (same incident_id). Both travel in one body, so that the outbox's "newest row per
     * incident and receiver" never drops the ending of the old alert; empty when neither pages.
     */
    public static List<Map<String, Object>> alertmanagerChange(
            Incident previous, Incident current, Instant now, String externalUrl) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        if (previous.kind().pages() && !labels(previous).equals(labels(current))) {
            Map<String, Object> ended = alert(previous, externalUrl);
            ended.put("endsAt", now.toString());
            alerts.add(ended);
        }
        if (current.kind().pages()) {
            alerts.add(alert(current, externalUrl));
        }
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
        Map<String, Object> alert = new LinkedHashMap<>(alert(incident, externalUrl));
        alert.put("status", status);
        alert.put("fingerprint", incident.id());
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
            body.put("posmonPrevious", Map.of("kind", previous.kind().name(), "scope", previous.scope()));
        }
        body.put("alerts", List.of(alert));
        return body;
    }
}
