package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.Alertmanager;
import dev.posmon.testing.PostgresTestResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * alerting under real faults, with the packaged service, the system broker and the real PostgreSQL: SIGKILL during a
 * host outage, failover between two replicas, PostgreSQL stopped mid-stream, and a re-read of everything. The cube is
 * produced straight to {@code signon.cube.v1} (cells of one-minute windows, a few hours in the past), so every test
 * knows exactly what alerting must record: each window judged once, the hourly rollups equal to the cells sent.
 * Lines starting with {@code FIGURE} are the measurements {@code ./posmon bench alerting} prints.
 */
@ExtendWith(SystemBroker.class)
class AlertingFaultsIT {

    static final String[] PROVINCES = {"110000", "310000", "440000", "510000", "330000"};
    static final String[] CARRIERS = {"CMCC", "CUCC"};
    static final int HISTORY = 15;
    static final Duration READY = Duration.ofSeconds(90);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String adminToken = UUID.randomUUID().toString();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Random random = new Random(20261204);
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));
    private final Map<String, long[]> sentByRollup = new TreeMap<>();
    private int minutes;

    @AfterEach
    void close() throws Exception {
        startPostgresIfStopped();
        for (int i = closing.size() - 1; i >= 0; i--) {
            AutoCloseable resource = closing.get(i);
            try {
                resource.close();
            } catch (Exception e) {
                System.out.println("closing " + resource + ": " + e);
            }
        }
    }

    @Test
    void aSigkillDuringAnOutageNeitherResolvesItNorLosesOrRepeatsAWindowAndTheVerdictsMatchAnUninterruptedReplica()
            throws Exception {
        String host = "HK-" + run;
        Database reference = database("ref");
        Database killed = database("kill");
        Receiver referenceHook = receiver();
        Receiver hook = receiver();
        Alertmanager alertmanager = Alertmanager.start();
        closing.add(alertmanager);
        ServiceProcess uninterrupted =
                alerting(reference, "ref", Map.of("POSMON_NOTIFY_WEBHOOK_URL", referenceHook.url()));
        ServiceProcess victim = alerting(
                killed,
                "kill",
                Map.of(
                        "POSMON_NOTIFY_WEBHOOK_URL",
                        hook.url(),
                        "POSMON_NOTIFY_ALERTMANAGER_URL",
                        alertmanager.url(),
                        "POSMON_NOTIFY_RESEND_INTERVAL",
                        "PT2S"));
        uninterrupted.awaitReady();
        victim.awaitReady();

        sendWindows(host, HISTORY, 0.02);
        sendWindows(host, 3, 0.9);
        JsonNode incident = awaitIncident(victim, host, "OPEN");
        String id = incident.get("id").asText();
        awaitIncident(uninterrupted, host, "OPEN");
        await("the page reached Alertmanager")
                .atMost(Duration.ofSeconds(60))
                .until(() -> alertmanager.alerts().contains(id));

        victim.kill();
        sendWindows(host, 6, 0.9);
        await("the uninterrupted replica judged the windows sent while the other was down")
                .atMost(READY)
                .until(() -> reference.judgedWindows() == minutes);
        long restarting = System.nanoTime();
        int judgedBeforeKill = (int) killed.judgedWindows();
        victim = victim.restart();
        closing.add(victim);
        ServiceProcess restarted = victim;
        await("the restarted replica judged a window")
                .atMost(READY)
                .until(() -> killed.judgedWindows() > judgedBeforeKill);
        System.out.printf(
                "FIGURE alerting restart (SIGKILL, start, restore, first window judged): %.1f s%n",
                (System.nanoTime() - restarting) / 1e9);
        await("the restarted replica caught up").atMost(READY).until(() -> killed.judgedWindows() == minutes);
        assertThat(incidentsOf(restarted, host))
                .as("still the one open incident, not resolved by the restart")
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.get("id").asText()).isEqualTo(id);
                    assertThat(i.get("status").asText()).isEqualTo("OPEN");
                });
        assertThat(hook.bodiesAbout(id))
                .as("no receiver was told it resolved")
                .noneMatch(body -> body.contains("\"status\":\"resolved\""));
        assertThat(alertmanager.alerts()).as("Alertmanager still has it firing").contains(id);
        assertThat(ContractJson.mapper().readTree(alertmanager.alerts()))
                .filteredOn(a -> a.at("/labels/incident_id").asText().equals(id))
                .allSatisfy(a -> assertThat(a.at("/status/state").asText()).isEqualTo("active"));

        sendWindows(host, 7, 0.02);
        awaitIncident(restarted, host, "RESOLVED");
        awaitIncident(uninterrupted, host, "RESOLVED");
        await("the resolution reached the webhook")
                .atMost(Duration.ofSeconds(30))
                .until(() -> hook.bodiesAbout(id).stream().anyMatch(body -> body.contains("\"status\":\"resolved\"")));
        assertThat(killed.count(
                        "SELECT count(*) FROM notification_outbox WHERE incident_id = ? AND receiver = 'webhook' "
                                + "AND payload LIKE '%\"status\":\"resolved\"%'",
                        id))
                .as("resolved once")
                .isEqualTo(1);
        assertThat(verdicts(restarted, host))
                .as("the same incidents (kind, scope, onset, resolution) as the uninterrupted replica")
                .isEqualTo(verdicts(uninterrupted, host))
                .hasSize(1);
        assertExactlyOnce(killed);
        assertExactlyOnce(reference);
    }

    @Test
    void theStandbyTakesOverWithinAMinuteWhenTheActiveReplicaIsKilledAndNoWindowGoesUnjudged() throws Exception {
        String host = "HF-" + run;
        Database shared = database("ha");
        Receiver hook = receiver();
        ServiceProcess first = alerting(
                shared,
                "ha",
                Map.of("POSMON_NOTIFY_WEBHOOK_URL", hook.url(), "POSMON_ALERTING_INSTANCE_ID", "replica-1"));
        ServiceProcess second = alerting(
                shared,
                "ha",
                Map.of("POSMON_NOTIFY_WEBHOOK_URL", hook.url(), "POSMON_ALERTING_INSTANCE_ID", "replica-2"));
        first.awaitReady();
        second.awaitReady();
        await("one replica is active")
                .atMost(READY)
                .until(() -> role(first).equals("active") || role(second).equals("active"));
        ServiceProcess active = role(first).equals("active") ? first : second;
        ServiceProcess standby = active == first ? second : first;
        assertThat(role(standby)).as("the other stands by, ready").isEqualTo("standby");
        assertThat(metric(standby, "posmon_alerting_active")).isEqualTo(0);
        assertThat(metric(active, "posmon_alerting_active")).isEqualTo(1);

        sendWindows(host, HISTORY, 0.02);
        sendWindows(host, 3, 0.9);
        String id = awaitIncident(active, host, "OPEN").get("id").asText();

        active.kill();
        long killed = System.nanoTime();
        sendWindows(host, 4, 0.9);
        await("the standby takes over")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> role(standby).equals("active"));
        System.out.printf(
                "FIGURE alerting failover (SIGKILL of the active replica to the standby active): %.1f s%n",
                (System.nanoTime() - killed) / 1e9);
        await("every window sent is judged").atMost(READY).until(() -> shared.judgedWindows() == minutes);
        assertThat(incidentsOf(standby, host))
                .as("the same incident goes on, not a second one")
                .singleElement()
                .satisfies(i -> assertThat(i.get("id").asText()).isEqualTo(id));
        sendWindows(host, 7, 0.02);
        awaitIncident(standby, host, "RESOLVED");
        assertThat(incidentsOf(standby, host)).hasSize(1);
        assertThat(shared.count("SELECT count(DISTINCT judged_by) FROM judged_window"))
                .as("both replicas judged windows")
                .isEqualTo(2);
        assertExactlyOnce(shared);
    }

    @Test
    void withPostgresStoppedMidStreamItReportsNotReadyThenRecordsEveryWindowAndNotifiesOnceItIsBack() throws Exception {
        String host = "HP-" + run;
        Database db = database("pg");
        Receiver hook = receiver();
        ServiceProcess alerting = alerting(db, "pg", Map.of("POSMON_NOTIFY_WEBHOOK_URL", hook.url()));
        alerting.awaitReady();
        sendWindows(host, HISTORY, 0.02);
        await().atMost(READY).until(() -> db.judgedWindows() == minutes);

        postgres("stop");
        await("readiness goes down").atMost(Duration.ofSeconds(60)).until(() -> alerting.readiness() == null);
        await("the replica reports the database down and stops judging")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Double.valueOf(0).equals(metricOrNull(alerting, "posmon_alerting_database_up"))
                        && Double.valueOf(0).equals(metricOrNull(alerting, "posmon_alerting_active")));
        sendWindows(host, 4, 0.9);
        long sentWhileDown = minutes;
        postgres("start");
        await("readiness comes back").atMost(READY).until(() -> alerting.readiness() != null);
        await("every window sent while the database was down is judged once it is back")
                .atMost(READY)
                .until(() -> db.judgedWindows() == sentWhileDown);
        String id = awaitIncident(alerting, host, "OPEN").get("id").asText();
        await("the webhook got the opening")
                .atMost(Duration.ofSeconds(60))
                .until(() -> hook.bodiesAbout(id).stream().anyMatch(body -> body.contains("\"status\":\"firing\"")));
        sendWindows(host, 7, 0.02);
        awaitIncident(alerting, host, "RESOLVED");
        await("the webhook got the resolution")
                .atMost(Duration.ofSeconds(60))
                .until(() -> hook.bodiesAbout(id).stream().anyMatch(body -> body.contains("\"status\":\"resolved\"")));
        await().atMost(READY).until(() -> db.judgedWindows() == minutes);
        assertExactlyOnce(db);
    }

    @Test
    void rereadingBothTopicsFromTheBeginningChangesNothing() throws Exception {
        String host = "HR-" + run;
        Database db = database("reread");
        Receiver hook = receiver();
        ServiceProcess alerting = alerting(db, "reread", Map.of("POSMON_NOTIFY_WEBHOOK_URL", hook.url()));
        alerting.awaitReady();
        sendWindows(host, HISTORY, 0.02);
        sendWindows(host, 3, 0.9);
        sendWindows(host, 7, 0.02);
        awaitIncident(alerting, host, "RESOLVED");
        await().atMost(READY).until(() -> db.judgedWindows() == minutes);
        await("the outbox is delivered")
                .atMost(Duration.ofSeconds(60))
                .until(() -> db.count(
                                "SELECT count(*) FROM notification_outbox WHERE delivered_at IS NULL AND superseded_by IS NULL")
                        == 0);
        String before = db.state();

        alerting.stop();
        long rewound = db.update("UPDATE consumer_position SET next_offset = 0");
        assertThat(rewound).as("positions of both topics").isGreaterThan(1);
        ServiceProcess again = alerting.restart();
        closing.add(again);
        again.awaitReady();
        await("everything is read again")
                .atMost(READY)
                .until(() -> db.count("SELECT count(*) FROM consumer_position WHERE next_offset < applied_below") == 0);
        assertThat(metric(again, "posmon_alerting_records_reread_total"))
                .as("records were read again")
                .isPositive();
        assertThat(db.state())
                .as("no incident, rollup, window, health row or notification changed")
                .isEqualTo(before);
    }

    @Test
    void aTopicCreatedAnewIsReadFromItsStartNotSkippedBelowTheOldPositions() throws Exception {
        String host = "HN-" + run;
        Database db = database("anew");
        ServiceProcess alerting = alerting(db, "anew", Map.of());
        alerting.awaitReady();
        alerting.stop();
        // positions far beyond the logs' ends: what a replica finds after the topics were deleted and created again
        for (var topic : List.of(Topics.SIGNON_CUBE, Topics.TERMINAL_HEALTH)) {
            for (int partition = 0; partition < topic.partitions(); partition++) {
                db.update(
                        "INSERT INTO consumer_position (topic, partition_no, next_offset, applied_below, updated_at) VALUES ('"
                                + topic.name() + "', " + partition + ", 1000000000, 1000000000, now())");
            }
        }
        ServiceProcess again = alerting.restart();
        closing.add(again);
        again.awaitReady();
        sendWindows(host, HISTORY, 0.02);
        sendWindows(host, 3, 0.9);
        // reading from the start brings the other tests' cells of later minutes too, so the incident may already be
        // resolved by quiet windows when it is looked at: that it was detected is what counts here
        await(host + " detected")
                .atMost(READY)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(incidentsOf(again, host))
                        .singleElement()
                        .satisfies(i -> assertThat(i.get("kind").asText()).isEqualTo("HOST_OUTAGE")));
        await("every window sent is judged")
                .atMost(READY)
                .until(() -> db.count(
                                "SELECT count(*) FROM judged_window WHERE window_start >= ? AND window_start < ?",
                                t0,
                                t0.plus(Duration.ofMinutes(minutes)))
                        == minutes);
        assertThat(db.count("SELECT count(*) FROM consumer_position WHERE next_offset > 1000000000"))
                .as("positions started over")
                .isZero();
        assertThat(db.count("SELECT coalesce(sum(attempts), 0) FROM hourly_rollup WHERE host LIKE ?", host + "%"))
                .as("the rollups hold every cell of the test's hosts once")
                .isEqualTo((long) minutes * PROVINCES.length * 3 * CARRIERS.length * 40);
    }

    @Test
    void recordsThatDoNotReadOrThatTheDatabaseRefusesAreSkippedAndEverythingElseIsJudged() throws Exception {
        String host = "HB-" + run;
        Database db = database("bad");
        ServiceProcess alerting = alerting(db, "bad", Map.of());
        alerting.awaitReady();
        sendWindows(host, HISTORY, 0.02);
        Instant window = t0.plus(Duration.ofMinutes(minutes));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SystemBroker.bootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false),
                new StringSerializer(),
                new ByteArraySerializer())) {
            CubeCell tooLong = new CubeCell(
                    window,
                    window.plusSeconds(60),
                    "110000",
                    host,
                    "CMCC",
                    "M".repeat(300),
                    "FW-7.4",
                    10,
                    10,
                    0,
                    Map.of(),
                    0,
                    Map.of());
            raw.send(new ProducerRecord<>(
                            Topics.SIGNON_CUBE.name(),
                            "bad|long",
                            ContractJson.mapper().writeValueAsBytes(tooLong)))
                    .get(30, TimeUnit.SECONDS);
            raw.send(new ProducerRecord<>(
                            Topics.SIGNON_CUBE.name(),
                            "bad|no-window",
                            "{\"province\":\"110000\"}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            raw.send(new ProducerRecord<>(
                            Topics.SIGNON_CUBE.name(), "bad|not-json", "{".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        sendWindows(host, 3, 0.9);
        sendWindows(host, 7, 0.02);
        awaitIncident(alerting, host, "RESOLVED");
        await("every window is judged").atMost(READY).until(() -> db.judgedWindows() == minutes);
        assertThat(metric(alerting, "posmon_alerting_records_rejected_total"))
                .as("the three bad records")
                .isEqualTo(3);
        assertThat(metric(alerting, "posmon_alerting_active"))
                .as("still the active replica")
                .isEqualTo(1);
        assertExactlyOnce(db);
    }

    // ---- the cube ----

    /** Sends {@code count} consecutive windows: 5 provinces × 3 hosts × 2 carriers, 40 attempts per cell; {@code host} fails at this ratio. */
    private void sendWindows(String host, int count, double hostRatio) throws Exception {
        List<CubeCell> cells = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            Instant start = t0.plus(Duration.ofMinutes(minutes++));
            for (String province : PROVINCES) {
                for (String cellHost : new String[] {host, host + "-b", host + "-c"}) {
                    for (String carrier : CARRIERS) {
                        long attempts = 40;
                        double ratio = cellHost.equals(host) ? hostRatio : 0.02;
                        long failures = 0;
                        for (int i = 0; i < attempts; i++) {
                            failures += random.nextDouble() < ratio ? 1 : 0;
                        }
                        Cause cause = ratio > 0.5 ? Cause.HOST_UNAVAILABLE : Cause.NETWORK;
                        cells.add(new CubeCell(
                                start,
                                start.plusSeconds(60),
                                province,
                                cellHost,
                                carrier,
                                "P2000",
                                "FW-7.4",
                                attempts,
                                attempts - failures,
                                failures,
                                failures == 0 ? Map.of() : Map.of(cause, failures),
                                failures,
                                failures == 0 ? Map.of() : Map.of(ratio > 0.5 ? "91" : "CONNECT_TIMEOUT", failures)));
                        long[] sums = sentByRollup.computeIfAbsent(
                                rollupKey(start.truncatedTo(ChronoUnit.HOURS), province, cellHost, carrier),
                                k -> new long[2]);
                        sums[0] += attempts;
                        sums[1] += failures;
                    }
                }
            }
        }
        try (KafkaProducer<String, CubeCell> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SystemBroker.bootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false),
                Topics.SIGNON_CUBE.keySerde().serializer(),
                Topics.SIGNON_CUBE.valueSerde().serializer())) {
            List<Future<?>> written = new ArrayList<>();
            for (CubeCell cell : cells) {
                written.add(producer.send(new ProducerRecord<>(Topics.SIGNON_CUBE.name(), cell.key(), cell)));
            }
            producer.flush();
            for (var write : written) {
                write.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String rollupKey(Instant hour, String province, String host, String carrier) {
        return hour + "|" + province + "|" + host + "|" + carrier;
    }

    /** Every window sent judged exactly once, and the hourly rollups equal to the cells sent: nothing lost, nothing counted twice. */
    private void assertExactlyOnce(Database db) throws SQLException {
        assertThat(db.judgedWindows()).as("windows judged in " + db.name).isEqualTo(minutes);
        assertThat(db.count(
                        "SELECT count(*) FROM judged_window WHERE window_start >= ? AND window_start < ?",
                        t0,
                        t0.plus(Duration.ofMinutes(minutes))))
                .as("the windows judged are the windows sent")
                .isEqualTo(minutes);
        assertThat(db.count("SELECT count(*) FROM pending_cell"))
                .as("no cell left waiting")
                .isZero();
        assertThat(db.rollups())
                .as("hourly rollups in " + db.name + " equal the cells sent, cell by cell")
                .isEqualTo(render(sentByRollup));
    }

    private static String render(Map<String, long[]> sums) {
        StringBuilder out = new StringBuilder();
        sums.forEach((key, value) -> out.append(key)
                .append(' ')
                .append(value[0])
                .append(' ')
                .append(value[1])
                .append('\n'));
        return out.toString();
    }

    // ---- alerting ----

    private ServiceProcess alerting(Database db, String name, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("POSMON_ALERTING_WINDOW_SETTLE", "PT1S");
        all.put("POSMON_ALERTING_STANDBY_RETRY", "PT1S");
        all.put("POSMON_ALERTING_SNAPSHOT_EVERY", "7");
        all.put("POSMON_NOTIFY_MAX_BACKOFF", "PT2S");
        ServiceProcess process = ServiceProcess.startAlerting(
                run + "-" + name,
                SystemBroker.bootstrap(),
                adminToken,
                db.name,
                "posmon-alerting-faults-" + name + "-" + run,
                all);
        closing.add(process);
        return process;
    }

    private String role(ServiceProcess alerting) {
        JsonNode ready = alerting.readiness();
        return ready == null
                ? "unready"
                : ready.findValuesAsText("role").stream().findFirst().orElse("none");
    }

    private JsonNode awaitIncident(ServiceProcess alerting, String host, String status) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await(host + " " + status)
                .atMost(READY)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<JsonNode> incidents = incidentsOf(alerting, host);
                    assertThat(incidents).isNotEmpty();
                    assertThat(incidents.get(0).get("status").asText()).isEqualTo(status);
                    found.set(incidents.get(0));
                });
        return found.get();
    }

    private List<JsonNode> incidentsOf(ServiceProcess alerting, String host) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(alerting.uri("/v1/incidents?limit=1000"))
                        .header("Authorization", "Bearer " + adminToken)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> ofHost = new ArrayList<>();
        ContractJson.mapper().readTree(response.body()).forEach(incident -> {
            if (host.equals(incident.at("/scope/host").asText())) {
                ofHost.add(incident);
            }
        });
        return ofHost;
    }

    /** What must not depend on a restart: each incident's kind, scope, onset, resolution and size. */
    private List<String> verdicts(ServiceProcess alerting, String host) throws Exception {
        return incidentsOf(alerting, host).stream()
                .map(i -> String.join(
                        " ",
                        i.get("kind").asText(),
                        i.get("scope").toString(),
                        i.get("onset").asText(),
                        i.get("resolvedAt").asText(),
                        i.get("failures").asText()))
                .sorted()
                .toList();
    }

    private double metric(ServiceProcess alerting, String name) throws Exception {
        Double value = metricOrNull(alerting, name);
        assertThat(value).as(name).isNotNull();
        return value;
    }

    private Double metricOrNull(ServiceProcess alerting, String name) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(alerting.uri("/q/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    // ---- PostgreSQL ----

    private Database database(String name) throws SQLException {
        Database db = new Database("posmon_faults_" + name + "_" + run.replace('-', '_'));
        PostgresTestResource.ensureDatabase();
        try (Connection admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + db.name);
        }
        closing.add(db);
        return db;
    }

    private static boolean postgresStopped;

    /** Stops or starts the machine's PostgreSQL cluster (a real outage of the real database). */
    private static void postgres(String action) throws Exception {
        Path clusters = Path.of("/etc/postgresql");
        assertThat(clusters)
                .as("the machine's PostgreSQL (Debian's pg_ctlcluster) is what this test stops")
                .isDirectory();
        String version;
        try (var versions = Files.list(clusters)) {
            version = versions.map(p -> p.getFileName().toString())
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .inheritIO()
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pg_ctlcluster " + action).isZero();
        postgresStopped = action.equals("stop");
    }

    private static void startPostgresIfStopped() throws Exception {
        if (postgresStopped) {
            postgres("start");
        }
    }

    /** One alerting database of this test. */
    private static final class Database implements AutoCloseable {
        final String name;

        Database(String name) {
            this.name = name;
        }

        String url() {
            return "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/" + name;
        }

        long judgedWindows() throws SQLException {
            return count("SELECT count(*) FROM judged_window");
        }

        long count(String sql, Object... parameters) throws SQLException {
            try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                    PreparedStatement query = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(
                            i + 1, parameters[i] instanceof Instant instant ? Timestamp.from(instant) : parameters[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return -1; // not migrated yet
                }
                throw e;
            }
        }

        long update(String sql) throws SQLException {
            try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                    Statement statement = db.createStatement()) {
                return statement.executeUpdate(sql);
            }
        }

        /** The hourly rollups, one line per (hour, province, host, carrier): attempts and failures. */
        String rollups() throws SQLException {
            return lines(
                    "SELECT hour, province, host, carrier, sum(attempts), sum(failures) FROM hourly_rollup "
                            + "GROUP BY hour, province, host, carrier",
                    rows -> rollupKey(
                                    rows.getTimestamp(1).toInstant(),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getString(4))
                            + " " + rows.getLong(5) + " " + rows.getLong(6));
        }

        /** Everything a re-read could change: incidents, outbox, judged windows, rollups, health rows. */
        String state() throws SQLException {
            return lines(
                            "SELECT id, status, failures, resolved_at, quiet_windows FROM incident",
                            rows -> rows.getString(1) + " " + rows.getString(2) + " " + rows.getLong(3) + " "
                                    + rows.getTimestamp(4) + " " + rows.getInt(5))
                    + lines(
                            "SELECT id, incident_id, receiver FROM notification_outbox",
                            rows -> rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3))
                    + lines(
                            "SELECT window_start, seq FROM judged_window",
                            rows -> rows.getTimestamp(1) + " " + rows.getLong(2))
                    + rollups()
                    + lines("SELECT count(*) FROM terminal_health_event", rows -> "health " + rows.getLong(1));
        }

        private interface Row {
            String of(ResultSet rows) throws SQLException;
        }

        private String lines(String sql, Row row) throws SQLException {
            List<String> lines = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(url(), "postgres", "");
                    Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    lines.add(row.of(rows));
                }
            }
            Collections.sort(lines);
            return String.join("\n", lines) + "\n";
        }

        @Override
        public void close() throws SQLException {
            try (Connection admin = DriverManager.getConnection(
                            "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/postgres", "postgres", "");
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }

        @Override
        public String toString() {
            return "database " + name;
        }
    }

    // ---- a webhook receiver that keeps what it got ----

    private Receiver receiver() throws IOException {
        Receiver receiver = new Receiver();
        closing.add(receiver);
        return receiver;
    }

    private static final class Receiver implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<String> bodiesAbout(String incidentId) {
            return bodies.stream().filter(body -> body.contains(incidentId)).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
