package dev.posmon.alerting.notify;

import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
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

    private Notifications() {
    }

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
        annotations.put("summary", incident.kind() + " " + incident.scope() + ": " + incident.failures() + " failed sign-ons, "
                + incident.affectedTerminals() + " terminals affected since " + incident.onset());
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

    /** Alertmanager webhook v4 shape, one alert, for any HTTP receiver. */
    public static Map<String, Object> webhook(Incident incident, Change.Type change, String externalUrl) {
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
        body.put("alerts", List.of(alert));
        return body;
    }
}
