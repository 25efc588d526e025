package dev.posmon.alerting.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * A cube stream with a host outage, through the real broker, into the real PostgreSQL, paged through a
 * real Alertmanager: exactly one HOST_OUTAGE incident and one alert, which ends when the incident
 * resolves; with Alertmanager down during the incident, the alert arrives once it is back; with Alertmanager and
 * the webhook down while an incident opens and resolves, they end with it resolved (no stale "firing" after).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class AlertingIT {

    static final String ADMIN = "Bearer test-admin-token";
    static final String[] PROVINCES = {"110000", "310000", "440000", "510000", "330000"};
    /** Windows are taken in order across the tests: the service judges windows oldest first and refuses older ones. */
    static final AtomicReference<Instant> NEXT_WINDOW =
            new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6)));

    final Random random = new Random(42);

    @Test
    void aHostOutageIsOneIncidentAndOneAlertThatEndsWhenItResolves() throws Exception {
        String host = "HX-" + UUID.randomUUID().toString().substring(0, 6);
        var published = dev.posmon.testing.TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.INCIDENTS);
        send(windows(host, 15, 0.02));
        send(windows(host, 3, 0.9));

        JsonNode incident = awaitIncident(host, "OPEN");
        assertThat(incident.get("kind").asText()).isEqualTo("HOST_OUTAGE");
        assertThat(incident.get("action").asText())
                .as("the action in the installation's language, zh-CN by default")
                .startsWith("收单主机 " + host);
        assertThat(incident.get("affectedTerminals").asLong()).isPositive();
        assertThat(incident.at("/evidence/91").asLong())
                .as("the top response code is the evidence")
                .isPositive();
        String id = incident.get("id").asText();
        given().header("Authorization", ADMIN)
                .header("Accept-Language", "en-GB,en;q=0.9")
                .get("/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .body("action", Matchers.startsWith("Acquirer host " + host));
        given().header("Authorization", ADMIN)
                .get("/v1/incidents?limit=1000&lang=en")
                .then()
                .statusCode(200)
                .header("Content-Language", "en")
                .body("find { it.id == '" + id + "' }.action", Matchers.startsWith("Acquirer host " + host));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(id)).singleElement().satisfies(alert -> {
                    assertThat(alert.at("/labels/kind").asText()).isEqualTo("HOST_OUTAGE");
                    assertThat(alert.at("/labels/host").asText()).isEqualTo(host);
                    assertThat(alert.at("/labels/severity").asText()).isEqualTo("page");
                    assertThat(alert.at("/status/state").asText()).isEqualTo("active");
                    assertThat(alert.at("/annotations/action").asText()).startsWith("收单主机 " + host);
                }));
        assertThat(incidentsOf(host)).as("exactly one incident for the outage").hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(AlertingRunResource.WEBHOOK_BODIES)
                        .anySatisfy(
                                body -> assertThat(body).contains("\"version\":\"4\"", id, "\"status\":\"firing\"")));

        send(windows(host, 7, 0.02));
        awaitIncident(host, "RESOLVED");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(id))
                        .allSatisfy(alert ->
                                assertThat(alert.at("/status/state").asText()).isNotEqualTo("active")));
        assertThat(incidentsOf(host)).hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(AlertingRunResource.WEBHOOK_BODIES)
                        .anySatisfy(body -> assertThat(body).contains(id, "\"status\":\"resolved\"")));
        assertThat(published.await(
                        r -> r.key().equals(id) && r.value().status().equals("RESOLVED"), 1, Duration.ofSeconds(30)))
                .as("incidents.v1 carries the incident's changes")
                .isNotEmpty();
        published.close();
        assertThat(rollupAttempts(host))
                .as("every window's cells of the host are in the hourly rollups")
                .isEqualTo(25L * 5 * 2 * 40);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(Matchers.containsString("posmon_incident_detection_delay_seconds_count"))
                .body(Matchers.containsString(
                        "posmon_notifications_total{receiver=\"alertmanager\",result=\"delivered\"}"))
                .body(Matchers.containsString("posmon_notify_outbox_depth"))
                .body(Matchers.containsString("posmon_incidents_open{kind=\"HOST_OUTAGE\"}"));
    }

    @Test
    void anOutageInsideADeclaredWindowIsPlannedMaintenanceAndPagesNobody() throws Exception {
        String host = "HZ-" + UUID.randomUUID().toString().substring(0, 6);
        Instant from = NEXT_WINDOW.get();
        try (var published =
                dev.posmon.testing.TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.HOST_MAINTENANCE)) {
            String window = given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of(
                            "hostId",
                            host,
                            "start",
                            from.plus(Duration.ofMinutes(10)).toString(),
                            "end",
                            from.plus(Duration.ofHours(2)).toString(),
                            "reason",
                            "core upgrade"))
                    .post("/v1/maintenance-windows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            assertThat(published.await(r -> r.key().equals(window), 1, Duration.ofSeconds(30)))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().hostId()).isEqualTo(host));
            given().header("Authorization", ADMIN)
                    .get("/v1/maintenance-windows?limit=1000")
                    .then()
                    .statusCode(200)
                    .body("find { it.id == '" + window + "' }.reason", Matchers.equalTo("core upgrade"));

            send(windows(host, 15, 0.02));
            send(windows(host, 3, 0.9));
            JsonNode incident = awaitIncident(host, "OPEN");
            assertThat(incident.get("kind").asText()).isEqualTo("PLANNED_MAINTENANCE");
            assertThat(alertsFor(incident.get("id").asText()))
                    .as("planned maintenance pages nobody")
                    .isEmpty();

            given().header("Authorization", ADMIN)
                    .delete("/v1/maintenance-windows/" + window)
                    .then()
                    .statusCode(200)
                    .body("cancelledAt", Matchers.notNullValue());
            assertThat(published.await(r -> r.key().equals(window), 2, Duration.ofSeconds(30)))
                    .hasSize(2)
                    .last()
                    .satisfies(r -> assertThat(r.value().cancelledAt()).isNotNull());
        }
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("hostId", host, "start", from.toString()))
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(400);
    }

    @Test
    void maintenanceWindowsArePagedByStartThroughTheLinkHeader() {
        String host = "HP-" + UUID.randomUUID().toString().substring(0, 6);
        Instant base = Instant.parse("2031-01-01T00:00:00Z");
        List<String> mine = new ArrayList<>();
        for (int i = 2; i >= 0; i--) { // declared latest first: the list orders them by start
            mine.add(
                    0,
                    given().header("Authorization", ADMIN)
                            .contentType("application/json")
                            .body(Map.of(
                                    "hostId",
                                    host,
                                    "start",
                                    base.plus(Duration.ofDays(i)).toString(),
                                    "end",
                                    base.plus(Duration.ofDays(i))
                                            .plus(Duration.ofHours(1))
                                            .toString(),
                                    "reason",
                                    "paging " + i))
                            .post("/v1/maintenance-windows")
                            .then()
                            .statusCode(201)
                            .extract()
                            .path("id"));
        }
        // the whole list, however many windows earlier runs left in the database
        List<String> all = new ArrayList<>();
        String more = "/v1/maintenance-windows?limit=1000";
        while (more != null) {
            var page = given().header("Authorization", ADMIN)
                    .get(more)
                    .then()
                    .statusCode(200)
                    .extract();
            all.addAll(page.jsonPath().getList("id", String.class));
            more = dev.posmon.contract.api.Paging.nextFrom(page.header("Link"));
        }
        List<String> walked = new ArrayList<>();
        String next = "/v1/maintenance-windows?limit=2";
        while (next != null) {
            var page = given().header("Authorization", ADMIN)
                    .get(next)
                    .then()
                    .statusCode(200)
                    .extract();
            List<String> ids = page.jsonPath().getList("id", String.class);
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            walked.addAll(ids);
            next = dev.posmon.contract.api.Paging.nextFrom(page.header("Link"));
            assertThat(walked.size()).as("windows walked").isLessThanOrEqualTo(all.size());
        }
        assertThat(walked)
                .as("every window once, in the order of the unpaged list")
                .isEqualTo(all);
        assertThat(walked.stream().filter(mine::contains).toList())
                .as("ours, by start")
                .isEqualTo(mine);
        given().header("Authorization", ADMIN)
                .get("/v1/maintenance-windows?limit=x")
                .then()
                .statusCode(400)
                .body("field", Matchers.equalTo("limit"));
    }

    /** The limit is the largest notice calendar alerting takes, uploaded or fetched (2 MiB). */
    @Test
    void aBodyLargerThanTwoMebibytesIsRefusedWith413() {
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of(
                        "hostId",
                        "H1",
                        "start",
                        Instant.now().toString(),
                        "end",
                        Instant.now().plusSeconds(60).toString(),
                        "reason",
                        "x".repeat(2 * 1024 * 1024 + 1)))
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(413);
        // below it, an over-long reason is the window's to refuse, naming the field
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of(
                        "hostId",
                        "H1",
                        "start",
                        Instant.now().toString(),
                        "end",
                        Instant.now().plusSeconds(60).toString(),
                        "reason",
                        "x".repeat(70 * 1024)))
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(400)
                .body("field", Matchers.equalTo("reason"));
    }

    @Test
    void withAlertmanagerDownDuringTheIncidentTheAlertArrivesOnceItIsBack() throws Exception {
        String host = "HY-" + UUID.randomUUID().toString().substring(0, 6);
        AlertingRunResource.alertmanager.pause();
        try {
            send(windows(host, 15, 0.02));
            send(windows(host, 3, 0.9));
            String id = awaitIncident(host, "OPEN").get("id").asText();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(failedDeliveries(id)).isPositive());
        } finally {
            AlertingRunResource.alertmanager.resume();
        }
        String id = incidentsOf(host).get(0).get("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(id))
                        .singleElement()
                        .satisfies(alert ->
                                assertThat(alert.at("/status/state").asText()).isEqualTo("active")));
    }

    @Test
    void withTheReceiversDownWhileAnIncidentOpensAndResolvesTheyEndWithItResolved() throws Exception {
        String host = "HV-" + UUID.randomUUID().toString().substring(0, 6);
        AlertingRunResource.alertmanager.pause();
        AlertingRunResource.WEBHOOK_DOWN.set(true);
        String id;
        try {
            send(windows(host, 15, 0.02));
            send(windows(host, 3, 0.9));
            id = awaitIncident(host, "OPEN").get("id").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(failedDeliveries(id, "alertmanager"))
                        .as("firing alerts Alertmanager did not take")
                        .isPositive();
                assertThat(failedDeliveries(id, "webhook"))
                        .as("the firing webhook call that failed")
                        .isPositive();
            });
            send(windows(host, 7, 0.02));
            awaitIncident(host, "RESOLVED");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(superseded(id, "alertmanager"))
                        .as("stale firing alerts superseded by the resolved one")
                        .isPositive();
                assertThat(superseded(id, "webhook"))
                        .as("the stale firing webhook call superseded")
                        .isPositive();
            });
        } finally {
            AlertingRunResource.WEBHOOK_DOWN.set(false);
            AlertingRunResource.alertmanager.resume();
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(undelivered(id))
                        .as("every receiver took the latest state")
                        .isZero());
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(id))
                        .as("Alertmanager ends with the alert resolved, and nothing re-opens it")
                        .noneSatisfy(alert ->
                                assertThat(alert.at("/status/state").asText()).isEqualTo("active")));
        List<String> statuses = new ArrayList<>();
        for (String body : AlertingRunResource.WEBHOOK_BODIES) {
            JsonNode call = ContractJson.mapper().readTree(body);
            if (id.equals(call.at("/groupLabels/incident_id").asText())) {
                statuses.add(call.get("status").asText());
            }
        }
        assertThat(statuses)
                .as("the webhook's calls about the incident")
                .isNotEmpty()
                .endsWith("resolved");
        assertThat(statuses.subList(statuses.indexOf("resolved"), statuses.size()))
                .as("no firing after its resolved")
                .containsOnly("resolved");
    }

    @Test
    void theIncidentApiNeedsTheAdminToken() {
        given().get("/v1/incidents").then().statusCode(401);
        given().header("Authorization", ADMIN)
                .get("/v1/incidents/inc-does-not-exist")
                .then()
                .statusCode(404);
    }

    // ------------------------------------------------------------------------------------------ helpers

    List<CubeCell> windows(String outageHost, int count, double outageRatio) {
        return windows(random, outageHost, count, outageRatio);
    }

    /** The next {@code count} one-minute windows of three hosts in five provinces; the first host fails at {@code outageRatio}. */
    static List<CubeCell> windows(Random random, String outageHost, int count, double outageRatio) {
        return cells(
                random,
                count,
                new String[] {outageHost, outageHost + "-b", outageHost + "-c"},
                new String[] {"CMCC", "CUCC"},
                (province, host, carrier) -> host.equals(outageHost) ? outageRatio : 0.02,
                Cause.HOST_UNAVAILABLE,
                "91");
    }

    /** How often sign-ons fail in a cell. */
    interface FailureRatio {
        double of(String province, String host, String carrier);
    }

    /**
     * The next {@code count} one-minute windows of the hosts and carriers in five provinces, 40 attempts a cell, each
     * failing at its ratio: of {@code severe} (answer {@code severeCode}) above 0.5, else of the network (connect
     * timeouts).
     */
    static List<CubeCell> cells(
            Random random,
            int count,
            String[] hosts,
            String[] carriers,
            FailureRatio failing,
            Cause severe,
            String severeCode) {
        List<CubeCell> cells = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            Instant start = NEXT_WINDOW.getAndUpdate(t -> t.plus(Duration.ofMinutes(1)));
            for (String province : PROVINCES) {
                for (String host : hosts) {
                    for (String carrier : carriers) {
                        cells.add(cell(
                                random,
                                start,
                                province,
                                host,
                                carrier,
                                40,
                                failing.of(province, host, carrier),
                                severe,
                                severeCode));
                    }
                }
            }
        }
        return cells;
    }

    /** One cell of a window: {@code attempts} sign-ons, each failing at {@code ratio} (of {@code severe} above 0.5). */
    static CubeCell cell(
            Random random,
            Instant start,
            String province,
            String host,
            String carrier,
            long attempts,
            double ratio,
            Cause severe,
            String severeCode) {
        long failures = 0;
        for (int i = 0; i < attempts; i++) {
            failures += random.nextDouble() < ratio ? 1 : 0;
        }
        return new CubeCell(
                start,
                start.plusSeconds(60),
                province,
                host,
                carrier,
                "P2000",
                "FW-7.4",
                attempts,
                attempts - failures,
                failures,
                failures == 0 ? Map.of() : Map.of(ratio > 0.5 ? severe : Cause.NETWORK, failures),
                failures,
                failures == 0 ? Map.of() : Map.of(ratio > 0.5 ? severeCode : "CONNECT_TIMEOUT", failures));
    }

    static void send(List<CubeCell> cells) throws Exception {
        send(KafkaTestResource.bootstrapServers(), cells);
    }

    static void send(String bootstrap, List<CubeCell> cells) {
        KafkaTestResource.send(bootstrap, Topics.SIGNON_CUBE, CubeCell::key, cells);
    }

    static JsonNode awaitIncident(String host, String status) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> incidents = incidentsOf(host);
            assertThat(incidents).isNotEmpty();
            assertThat(incidents.get(0).get("status").asText()).isEqualTo(status);
            found.set(incidents.get(0));
        });
        return found.get();
    }

    static List<JsonNode> incidentsOf(String host) throws Exception {
        return incidentsWhere("host", host);
    }

    /** The incidents whose scope fixes {@code dimension} to {@code value}, newest first. */
    static List<JsonNode> incidentsWhere(String dimension, String value) throws Exception {
        JsonNode all = ContractJson.mapper()
                .readTree(given().header("Authorization", ADMIN)
                        .get("/v1/incidents?limit=1000")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<JsonNode> matching = new ArrayList<>();
        all.forEach(incident -> {
            if (value.equals(incident.at("/scope/" + dimension).asText())) {
                matching.add(incident);
            }
        });
        return matching;
    }

    static List<JsonNode> alertsFor(String incidentId) throws Exception {
        List<JsonNode> matching = new ArrayList<>();
        ContractJson.mapper()
                .readTree(AlertingRunResource.alertmanager.alerts())
                .forEach(alert -> {
                    if (incidentId.equals(alert.at("/labels/incident_id").asText())) {
                        matching.add(alert);
                    }
                });
        return matching;
    }

    static long rollupAttempts(String host) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                var query =
                        db.prepareStatement("SELECT coalesce(sum(attempts), 0) FROM hourly_rollup WHERE host = ?")) {
            query.setString(1, host);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static long failedDeliveries(String incidentId) throws Exception {
        return count(
                "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND delivered_at IS NULL AND last_error IS NOT NULL",
                incidentId);
    }

    static long failedDeliveries(String incidentId, String receiver) throws Exception {
        return count(
                "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND receiver = ? AND last_error IS NOT NULL",
                incidentId,
                receiver);
    }

    static long superseded(String incidentId, String receiver) throws Exception {
        return count(
                "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND receiver = ? AND superseded_by IS NOT NULL",
                incidentId,
                receiver);
    }

    /** Rows still to deliver (neither delivered nor superseded). */
    static long undelivered(String incidentId) throws Exception {
        return count(
                "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND delivered_at IS NULL AND superseded_by IS NULL",
                incidentId);
    }

    static long count(String sql, String... parameters) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                var query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
