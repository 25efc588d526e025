package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class NotificationsTest {

    static Incident incident(IncidentKind kind, Map<String, String> scope, String... acquirers) {
        Instant onset = Instant.parse("2026-11-26T08:00:00Z");
        return new Incident(
                "inc-1",
                kind,
                Incident.Status.OPEN,
                scope,
                onset,
                onset.plusSeconds(90),
                onset.plusSeconds(60),
                onset.plusSeconds(120),
                null,
                40,
                12,
                400,
                Map.of("91", 400L),
                "call the acquirer",
                0,
                0,
                List.of(),
                Map.of(),
                null,
                new TreeSet<>(Set.of(acquirers)),
                null);
    }

    @SuppressWarnings("unchecked")
    static String acquirerOf(Map<String, Object> alert) {
        return ((Map<String, String>) alert.get("labels")).get(Notifications.ACQUIRER);
    }

    @Test
    void anIncidentIsOneAlertPerAcquirerItHitSoThatEachTenantsPageRoutesToItsReceiver() {
        Incident outage = incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3"), "ACQ-B", "ACQ-A");
        List<Map<String, Object>> alerts = Notifications.alertmanager(outage, "http://posmon");
        assertThat(alerts).extracting(NotificationsTest::acquirerOf).containsExactly("ACQ-A", "ACQ-B");
        assertThat(alerts)
                .allSatisfy(alert -> assertThat(alert.get("labels"))
                        .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                        .containsEntry("incident_id", "inc-1")
                        .containsEntry("host", "H3"));
        assertThat(alerts)
                .as("a tenant's alert of an incident that hit another tenant too counts neither")
                .allSatisfy(alert -> assertThat(alert.get("annotations"))
                        .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                        .doesNotContainKeys("affected_terminals", "still_failing", "evidence")
                        .hasEntrySatisfying(
                                "summary",
                                summary -> assertThat(summary)
                                        .doesNotContain("400", "40 terminals")
                                        .contains("http://posmon/v1/incidents/inc-1/terminals")));
        assertThat(Notifications.alertmanager(
                        incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3"), "ACQ-A"), "http://posmon"))
                .as("the alert of an incident of one acquirer has its counts")
                .singleElement()
                .satisfies(alert -> assertThat(alert.get("annotations"))
                        .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                        .containsEntry("affected_terminals", "40")
                        .containsEntry("still_failing", "12"));
        assertThat(Notifications.alertmanager(incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3")), "http://p"))
                .as("an incident of no registered terminal: one alert without the label")
                .singleElement()
                .satisfies(alert -> assertThat(acquirerOf(alert)).isNull());

        Map<String, Object> webhook = Notifications.webhook(outage, Change.Type.OPENED, "http://posmon");
        assertThat((List<Map<String, Object>>) webhook.get("alerts"))
                .extracting(alert -> alert.get("fingerprint"))
                .containsExactly("inc-1/ACQ-A", "inc-1/ACQ-B");
        assertThat(webhook.get("commonLabels"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                .doesNotContainKey(Notifications.ACQUIRER);
    }

    @Test
    void aNewlyHitAcquirerGetsItsAlertAndNoAlertEndsWhileAKindChangeEndsEachTenantsOldAlert() {
        Instant now = Instant.parse("2026-11-26T08:05:00Z");
        Incident one = incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3"), "ACQ-A");
        Incident two = incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3"), "ACQ-A", "ACQ-B");
        assertThat(Notifications.alertmanagerChange(one, two, now, "http://posmon"))
                .allSatisfy(alert -> assertThat(alert).doesNotContainKey("endsAt"))
                .extracting(NotificationsTest::acquirerOf)
                .containsExactly("ACQ-A", "ACQ-B");

        Incident maintenance = incident(IncidentKind.HOST_MAINTENANCE, Map.of("host", "H3"), "ACQ-A", "ACQ-B");
        List<Map<String, Object>> change = Notifications.alertmanagerChange(two, maintenance, now, "http://posmon");
        assertThat(change).hasSize(4);
        assertThat(change.subList(0, 2))
                .allSatisfy(alert -> assertThat(alert).containsEntry("endsAt", now.toString()))
                .extracting(NotificationsTest::acquirerOf)
                .containsExactly("ACQ-A", "ACQ-B");
        assertThat(change.subList(2, 4)).allSatisfy(alert -> assertThat(alert).doesNotContainKey("endsAt"));
    }

    @Test
    void aHostScopedAlertCarriesItsHostAndNoProvinceLabel() {
        assertThat(Notifications.labels(incident(IncidentKind.HOST_OUTAGE, Map.of("host", "H3"))))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alertname",
                        "PosmonIncident",
                        "incident_id",
                        "inc-1",
                        "kind",
                        "HOST_OUTAGE",
                        "severity",
                        "page",
                        "host",
                        "H3"));
    }

    @Test
    void aProvinceScopedAlertCarriesItsDimensionsAndNoHostLabel() {
        Map<String, String> labels = Notifications.labels(
                incident(IncidentKind.NETWORK_OUTAGE, Map.of("province", "440000", "carrier", "CMCC")));
        assertThat(labels)
                .containsEntry("province", "440000")
                .containsEntry("carrier", "CMCC")
                .doesNotContainKeys("host", "model", "firmware");
        assertThat(labels.values())
                .as("no empty label values (Alertmanager drops them anyway)")
                .doesNotContain("");
    }

    @Test
    void aKindChangeEndsTheAlertUnderTheOldLabelsAndFiresTheNewOneInOneBody() {
        Instant now = Instant.parse("2026-11-26T08:05:00Z");
        Incident outage = incident(IncidentKind.HOST_OUTAGE, Map.of("host", "HX-02"));
        Incident maintenance = incident(IncidentKind.HOST_MAINTENANCE, Map.of("host", "HX-02"));
        Incident planned = incident(IncidentKind.PLANNED_MAINTENANCE, Map.of("host", "HX-02"));

        List<Map<String, Object>> change = Notifications.alertmanagerChange(outage, maintenance, now, "http://posmon");
        assertThat(change).hasSize(2);
        assertThat(change.get(0)).containsEntry("endsAt", now.toString());
        assertThat(change.get(0).get("labels"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                .containsEntry("kind", "HOST_OUTAGE")
                .containsEntry("incident_id", "inc-1");
        assertThat(change.get(1)).doesNotContainKey("endsAt");
        assertThat(change.get(1).get("labels"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                .containsEntry("kind", "HOST_MAINTENANCE")
                .containsEntry("incident_id", "inc-1");

        assertThat(Notifications.alertmanagerChange(outage, planned, now, "http://posmon"))
                .as("planned does not page: only the ending")
                .singleElement()
                .satisfies(alert -> assertThat(alert).containsEntry("endsAt", now.toString()));
    }
}
