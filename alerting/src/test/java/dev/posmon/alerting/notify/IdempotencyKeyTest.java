package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.contract.json.ContractJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    static final Instant ONSET = Instant.parse("2026-11-26T08:00:00Z");

    static Incident incident(Incident.Status status) {
        return new Incident(
                "inc-1",
                IncidentKind.HOST_OUTAGE,
                status,
                Map.of("host", "H3"),
                ONSET,
                ONSET.plusSeconds(90),
                ONSET.plusSeconds(60),
                ONSET.plusSeconds(120),
                status == Incident.Status.RESOLVED ? ONSET.plusSeconds(600) : null,
                40,
                12,
                400,
                Map.of("91", 400L),
                "call the acquirer",
                0,
                0,
                List.of(),
                Map.of(),
                null);
    }

    @Test
    void theKeyIsIncidentStateAndRowForEveryReceiver() {
        Incident open = incident(Incident.Status.OPEN);
        Incident resolved = incident(Incident.Status.RESOLVED);
        assertThat(IdempotencyKey.of(
                        12,
                        "inc-1",
                        Notifications.ALERTMANAGER,
                        IncidentMapping.json(Notifications.alertmanager(open, "http://a"))))
                .isEqualTo("inc-1:firing:12");
        assertThat(IdempotencyKey.of(
                        13,
                        "inc-1",
                        Notifications.ALERTMANAGER,
                        IncidentMapping.json(Notifications.alertmanager(resolved, "http://a"))))
                .isEqualTo("inc-1:resolved:13");
        assertThat(IdempotencyKey.of(
                        14,
                        "inc-1",
                        Notifications.WEBHOOK,
                        IncidentMapping.json(Notifications.webhook(open, Change.Type.ACKNOWLEDGED, "http://a"))))
                .isEqualTo("inc-1:firing:14");
        assertThat(IdempotencyKey.of(
                        15,
                        "inc-1",
                        Notifications.WEBHOOK,
                        IncidentMapping.json(Notifications.webhook(resolved, Change.Type.RESOLVED, "http://a"))))
                .isEqualTo("inc-1:resolved:15");
        assertThat(IdempotencyKey.of(16, "inc-1", Notifications.TOPIC, IncidentMapping.json(open.toRecord())))
                .isEqualTo("inc-1:firing:16");
        assertThat(IdempotencyKey.of(17, "inc-1", Notifications.TOPIC, IncidentMapping.json(resolved.toRecord())))
                .isEqualTo("inc-1:resolved:17");
    }

    @Test
    void aChangeOfKindIsFiringThoughItsBodyEndsTheAlertUnderTheOldLabelsFirst() {
        Incident before = incident(Incident.Status.OPEN);
        Incident after = new Incident(
                "inc-1",
                IncidentKind.HOST_MAINTENANCE,
                Incident.Status.OPEN,
                Map.of("host", "H3"),
                ONSET,
                ONSET.plusSeconds(90),
                ONSET.plusSeconds(60),
                ONSET.plusSeconds(180),
                null,
                50,
                20,
                500,
                Map.of("90", 300L),
                "declare the window",
                0,
                0,
                List.of(),
                Map.of(),
                null);
        String body = IncidentMapping.json(
                Notifications.alertmanagerChange(before, after, ONSET.plusSeconds(180), "http://a"));
        assertThat(IdempotencyKey.of(18, "inc-1", Notifications.ALERTMANAGER, body))
                .isEqualTo("inc-1:firing:18");
    }

    @Test
    void theSameRowAlwaysGivesTheSameKey() {
        String payload = IncidentMapping.json(
                Notifications.webhook(incident(Incident.Status.OPEN), Change.Type.OPENED, "http://a"));
        assertThat(IdempotencyKey.of(21, "inc-1", Notifications.WEBHOOK, payload))
                .isEqualTo(IdempotencyKey.of(21, "inc-1", Notifications.WEBHOOK, payload));
    }

    @Test
    void theWebhookBodyCarriesTheKeyNextToTheV4Fields() throws Exception {
        String payload = IncidentMapping.json(
                Notifications.webhook(incident(Incident.Status.OPEN), Change.Type.OPENED, "http://a"));
        JsonNode stamped = ContractJson.mapper().readTree(IdempotencyKey.stampWebhook(payload, "inc-1:firing:21"));
        assertThat(stamped.get("idempotencyKey").asText()).isEqualTo("inc-1:firing:21");
        JsonNode original = ContractJson.mapper().readTree(payload);
        original.fieldNames()
                .forEachRemaining(
                        field -> assertThat(stamped.get(field)).as(field).isEqualTo(original.get(field)));
    }
}
