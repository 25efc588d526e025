package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Delivery under faults, in the running service against the real PostgreSQL, the real broker and a real
 * Alertmanager. The outbox rows are written the way the service writes them (plain INSERTs of incident_id,
 * receiver, payload, created_at, next_attempt_at, payloads from {@link Notifications}), so that delivery alone is
 * under test: an Alertmanager that accepts connections and never answers delays neither the webhook nor
 * incidents.v1, and gets the alert once it answers again; every notification carries its row's idempotency key, the
 * same on every attempt.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(NotifyFaultsResource.class)
class HungReceiverIT {

    static final Duration REQUEST_TIMEOUT = Duration.parse(NotifyFaultsResource.REQUEST_TIMEOUT);
    /** Well inside one request timeout: what "on time" means while Alertmanager hangs. */
    static final Duration ON_TIME = REQUEST_TIMEOUT.dividedBy(2);

    @Test
    void aHungAlertmanagerDelaysNeitherTheWebhookNorKafkaAndGetsTheAlertOnceItAnswers() throws Exception {
        HangingProxy proxy = NotifyFaultsResource.proxy;
        proxy.hang();
        Incident incident = incident("inc-hung-" + UUID.randomUUID().toString().substring(0, 8), Incident.Status.OPEN);
        long alertRow;
        try (TopicProbe<String, IncidentRecord> published =
                TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.INCIDENTS)) {
            // the service's order: incidents.v1, then Alertmanager, then the webhook; one serial sender would serve the
            // webhook last
            Instant written = Instant.now();
            long topicRow = insert(incident.id(), Notifications.TOPIC, IncidentMapping.json(incident.toRecord()));
            alertRow = insert(
                    incident.id(),
                    Notifications.ALERTMANAGER,
                    IncidentMapping.json(Notifications.alertmanager(incident, "http://alerting")));
            long webhookRow = insert(
                    incident.id(),
                    Notifications.WEBHOOK,
                    IncidentMapping.json(Notifications.webhook(incident, Change.Type.OPENED, "http://alerting")));

            await().atMost(ON_TIME).untilAsserted(() -> {
                assertThat(proxy.hungConnections())
                        .as("a request to Alertmanager is on the wire, unanswered")
                        .isPositive();
                assertThat(callsAbout(incident.id()))
                        .as("the webhook got the incident meanwhile")
                        .isNotEmpty();
            });
            NotifyFaultsResource.Call call = callsAbout(incident.id()).get(0);
            assertThat(Duration.between(written, call.at())).isLessThan(ON_TIME);
            assertThat(call.idempotencyKey()).isEqualTo(incident.id() + ":firing:" + webhookRow);
            List<ConsumerRecord<String, IncidentRecord>> records =
                    published.await(r -> r.key().equals(incident.id()), 1, ON_TIME);
            assertThat(records)
                    .as("incidents.v1 got it meanwhile")
                    .singleElement()
                    .satisfies(record -> {
                        assertThat(Duration.between(written, Instant.ofEpochMilli(record.timestamp())))
                                .isLessThan(ON_TIME);
                        assertThat(header(record, IdempotencyKey.HEADER))
                                .isEqualTo(incident.id() + ":firing:" + topicRow);
                    });
            assertThat(delivered(alertRow))
                    .as("Alertmanager's row waits for its own receiver")
                    .isFalse();
        }

        // rows an earlier test class left for Alertmanager may be ahead of this one: the first hung attempt, whichever
        // row it is at
        await().atMost(REQUEST_TIMEOUT.plusSeconds(10))
                .untilAsserted(() -> assertThat(timedOutAttempts())
                        .as("a hung attempt ends at the request timeout, to be retried")
                        .isPositive());
        proxy.recover();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(activeAlerts(incident.id()))
                    .as("the real Alertmanager holds the alert")
                    .hasSize(1);
            assertThat(delivered(alertRow)).isTrue();
        });
        assertThat(proxy.forwardedRequests())
                .containsIgnoringCase(IdempotencyKey.HEADER + ": " + incident.id() + ":firing:" + alertRow);
    }

    @Test
    void theWebhookCarriesTheRowsKeyInBodyAndHeaderAndARedeliveryTheSameKey() throws Exception {
        Incident incident =
                incident("inc-key-" + UUID.randomUUID().toString().substring(0, 8), Incident.Status.RESOLVED);
        NotifyFaultsResource.REFUSE_FIRST.add(incident.id());
        long row = insert(
                incident.id(),
                Notifications.WEBHOOK,
                IncidentMapping.json(Notifications.webhook(incident, Change.Type.RESOLVED, "http://alerting")));
        String key = incident.id() + ":resolved:" + row;

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(callsAbout(incident.id()))
                        .extracting(NotifyFaultsResource.Call::answered)
                        .as("refused once, then taken")
                        .containsExactly(503, 204));
        for (NotifyFaultsResource.Call call : callsAbout(incident.id())) {
            JsonNode body = ContractJson.mapper().readTree(call.body());
            assertThat(call.idempotencyKey()).as("header").isEqualTo(key);
            assertThat(body.get("idempotencyKey").asText()).as("body").isEqualTo(key);
            assertThat(body.get("version").asText())
                    .as("still Alertmanager's webhook v4")
                    .isEqualTo("4");
            assertThat(body.get("status").asText()).isEqualTo("resolved");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered(row));
    }

    // ------------------------------------------------------------------------------------------ helpers

    static Incident incident(String id, Incident.Status status) {
        Instant onset = Instant.now().minusSeconds(300);
        return new Incident(
                id,
                IncidentKind.HOST_OUTAGE,
                status,
                Map.of("host", "H-" + id),
                onset,
                onset.plusSeconds(90),
                onset.plusSeconds(60),
                onset.plusSeconds(120),
                status == Incident.Status.RESOLVED ? onset.plusSeconds(240) : null,
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

    static List<NotifyFaultsResource.Call> callsAbout(String incidentId) {
        return NotifyFaultsResource.WEBHOOK_CALLS.stream()
                .filter(call -> call.body().contains("\"" + incidentId + "\""))
                .toList();
    }

    static List<JsonNode> activeAlerts(String incidentId) throws Exception {
        List<JsonNode> matching = new ArrayList<>();
        ContractJson.mapper()
                .readTree(NotifyFaultsResource.alertmanager.alerts())
                .forEach(alert -> {
                    if (incidentId.equals(alert.at("/labels/incident_id").asText())
                            && "active".equals(alert.at("/status/state").asText())) {
                        matching.add(alert);
                    }
                });
        return matching;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** As the service writes a row: these five columns, nothing else. */
    static long insert(String incidentId, String receiver, String payload) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                PreparedStatement q = db.prepareStatement(
                        "INSERT INTO notification_outbox (incident_id, receiver, payload, created_at, next_attempt_at) "
                                + "VALUES (?, ?, ?, now(), now()) RETURNING id")) {
            q.setString(1, incidentId);
            q.setString(2, receiver);
            q.setString(3, payload);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean delivered(long row) throws Exception {
        return column(row, "delivered_at") != null;
    }

    static long timedOutAttempts() throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                PreparedStatement q = db.prepareStatement(
                        "SELECT count(*) FROM notification_outbox WHERE receiver = ? AND delivered_at IS NULL "
                                + "AND last_error LIKE '%timed out%'")) {
            q.setString(1, Notifications.ALERTMANAGER);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Object column(long row, String column) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                PreparedStatement q =
                        db.prepareStatement("SELECT " + column + " FROM notification_outbox WHERE id = ?")) {
            q.setLong(1, row);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }
}
