package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationsTest {

    static Incident incident(IncidentKind kind, Map<String, String> scope) {
        Instant onset = Instant.parse("2026-11-26T08:00:00Z");
        return new Incident("inc-1", kind, Incident.Status.OPEN, scope, onset, onset.plusSeconds(90), onset.plusSeconds(120), null, 40, 400,
                Map.of("91", 400L), "call the acquirer", 0, 0, List.of());
    }

    @Test
    void aHostScopedAlertCarriesItsHostAndNoProvinceLabel() {
        assertThat(Notifications.labels(incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3")))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "PosmonIncident", "incident_id", "inc-1", "kind", "HOST_OUTAGE", "severity", "page", "host", "H3"));
    }

    @Test
    void aProvinceScopedAlertCarriesItsDimensionsAndNoHostLabel() {
        Map<String, String> labels = Notifications.labels(incident(IncidentKind.NETWORK_OUTAGE, Map.of("province", "440000", "carrier", "CMCC")));
        assertThat(labels).containsEntry("province", "440000").containsEntry("carrier", "CMCC").doesNotContainKeys("host", "model", "firmware");
        assertThat(labels.values()).as("no empty label values (Alertmanager drops them anyway)").doesNotContain("");
    }
}
