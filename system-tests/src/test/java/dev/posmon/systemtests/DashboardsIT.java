package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.simulator.behaviour.Events;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.systemtests.GrafanaDashboards.Dashboard;
import dev.posmon.systemtests.GrafanaDashboards.Query;
import dev.posmon.systemtests.GrafanaDashboards.Variable;
import dev.posmon.systemtests.SignOns.Kind;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.PostgresTestResource;
import dev.posmon.testing.TopicProbe;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every query of every Grafana dashboard in {@code grafana/dashboards} returns data from the real thing: a real
 * Prometheus scrapes the three packaged services (with deploy/prometheus/posmon-rules.yml, so the recording rules
 * the panels use exist) while realistic traffic plays through ingest's HTTP API; every PromQL expression, template
 * variables set to real label values, must answer without error and with at least one series, and every SQL
 * query must run without error against the schema the real alerting service migrated into its own database.
 */
@ExtendWith(SystemBroker.class)
class DashboardsIT {

    private static final String DATABASE = System.getProperty("posmon.dashboards-it.db", "posmon_dash_it");
    /** Analytics' first window closes are slow on a busy machine (see PipelineIT.FIRST_OUTPUT); then Prometheus' 5m rules. */
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(240);

    private static final List<String> FIRMWARES = List.of("FW-7.4", "FW-7.5");
    private static final String MODEL = "P2000";
    private static final List<String> CARRIERS = List.of("CMCC", "CUCC", "CTCC");
    /** Twelve ordinary windows give alerting's detector its warm-up (10 windows) before a window in which a host fails. */
    private static final int ORDINARY_WINDOWS = 12;
    /** Enough that the second host's outage (62 failures of 64 attempts) is well above alerting's minimum volumes. */
    private static final int TERMINALS = 40;

    private static long started;
    private static String run;
    private static String adminToken;
    private static String applicationId;
    private static Path stateDir;
    private static ServiceProcess ingest;
    private static ServiceProcess analytics;
    private static ServiceProcess alerting;
    private static PrometheusServer prometheus;
    private static IngestClient api;
    /**
     * The two hosts the fleet dials, named per run: the maintenance window declared on the first stays on the shared
     * topic host.maintenance.v1, and must not turn another test's failures at its hosts (H1) into HOST_MAINTENANCE.
     */
    private static List<String> hosts;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startEverything() throws SQLException {
        started = System.nanoTime();
        Path binary = PrometheusServer.binary();
        String bootstrap = SystemBroker.bootstrap();
        run = UUID.randomUUID().toString().substring(0, 8);
        hosts = List.of("DASH-HA-" + run, "DASH-HB-" + run);
        adminToken = UUID.randomUUID().toString();
        applicationId = "posmon-analytics-dash-" + run;
        stateDir = ServiceProcess.targetDir().resolve("analytics-state-" + run);
        freshDatabase();
        ingest = ServiceProcess.startIngest(run, bootstrap, adminToken);
        analytics = ServiceProcess.startAnalytics(
                run, bootstrap, adminToken, applicationId, stateDir, Duration.ofSeconds(5));
        alerting = ServiceProcess.startAlerting(run, bootstrap, adminToken, DATABASE, "posmon-alerting-dash-" + run);
        ingest.awaitReady();
        alerting.awaitReady();
        analytics.awaitStreamsRunning();
        api = new IngestClient(ingest.uri("/"), adminToken);
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("ingest-service", ingest.uri("").getAuthority());
        jobs.put("analytics-service", analytics.uri("").getAuthority());
        jobs.put("alerting", alerting.uri("").getAuthority());
        prometheus = PrometheusServer.start(
                ServiceProcess.targetDir().resolve("prometheus-" + run),
                jobs,
                List.of(PosmonScript.root().resolve("deploy/prometheus/posmon-rules.yml")));
        lap("services ready, " + binary + " scraping them");
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            ServiceProcess.closeAll(ingest, analytics, alerting);
            SystemBroker.deleteInternalTopics(applicationId);
            SystemBroker.deleteRecursively(stateDir);
        }
    }

    @Test
    void everyPanelQueryAnswersFromTheRealServices() throws Exception {
        List<Dashboard> dashboards = GrafanaDashboards.all();
        assertThat(dashboards)
                .as("dashboards in %s", GrafanaDashboards.directory())
                .hasSizeGreaterThanOrEqualTo(6);

        String acquirer = "ACQ-DASH-" + run;
        String apiKey = api.createCredential("dashboards test " + run, acquirer, null);
        List<TerminalRecord> fleet = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            fleet.add(SignOns.terminal(
                    String.format("DASH%s-%02d", run, i), i % 2 == 0 ? "440305" : "110105", MODEL, acquirer));
        }
        StreamClock clock = clock(bootstrap(), acquirer);
        api.importTerminals(
                apiKey,
                Stream.concat(fleet.stream(), clock.terminals().stream()).toList());
        declareMaintenance();

        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(ORDINARY_WINDOWS + 4, ChronoUnit.MINUTES);
        try (TopicProbe<String, ClassifiedSignOn> classified =
                TopicProbe.fromNow(bootstrap(), Topics.SIGNON_CLASSIFIED)) {
            // Barrier: analytics reads every input partition and knows the registry before the traffic.
            List<SignOnAttempt> barrier = clock.tick(first.minus(1, ChronoUnit.MINUTES));
            api.postEvents(apiKey, barrier);
            Set<UUID> ids = barrier.stream().map(SignOnAttempt::eventId).collect(Collectors.toSet());
            assertThat(classified.await(
                            r -> ids.contains(r.value().eventId()) && r.value().registered(), ids.size(), DATA_TIMEOUT))
                    .hasSize(ids.size());
        }
        lap("registry known to analytics");

        int attempts = 0;
        for (int w = 0; w <= ORDINARY_WINDOWS; w++) {
            Instant window = first.plus(w, ChronoUnit.MINUTES);
            List<Object> events = new ArrayList<>(window(fleet, window, w == ORDINARY_WINDOWS));
            attempts += events.size();
            events.addAll(clock.tick(window.plusSeconds(55)));
            api.postEvents(apiKey, events);
        }
        api.postEvents(
                apiKey,
                telemetry(
                        fleet, first.plus(ORDINARY_WINDOWS, ChronoUnit.MINUTES).plusSeconds(30)));
        IngestClient.Answer answer = api.post(apiKey, rejected(fleet.get(0).terminalId()));
        assertThat(answer.status()).as("POST /v1/events: %s", answer.body()).isEqualTo(207);
        JsonNode rejects = answer.body();
        lap(attempts + " attempts in " + (ORDINARY_WINDOWS + 1) + " windows (" + hosts.get(1)
                + " failing in the last), telemetry, " + rejects.get("rejected").asInt() + " rejected events posted");

        // Clock rounds close the windows; every query must answer once the cube, alerting's rollups and Prometheus'
        // rules caught up.
        Instant after = first.plus(ORDINARY_WINDOWS + 2, ChronoUnit.MINUTES);
        AtomicInteger tick = new AtomicInteger();
        Map<String, Integer> counts = new HashMap<>();
        List<String> noRows = new ArrayList<>();
        await().atMost(DATA_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    api.postEvents(apiKey, clock.tick(after.plusSeconds(tick.getAndIncrement())));
                    List<String> failures = checkAll(dashboards, counts, noRows);
                    assertThat(failures)
                            .as("dashboard queries that failed or answered nothing (targets: %s)", prometheus.targets())
                            .isEmpty();
                });
        lap("every query answered after " + tick.get() + " clock rounds: " + counts.get("promql")
                + " PromQL expressions with data, "
                + counts.get("sql") + " SQL queries without error (" + counts.get("sqlRows")
                + " of them with rows), over "
                + dashboards.size() + " dashboards; incidents opened: " + count("SELECT count(*) FROM incident")
                + "; SQL queries without rows (legitimately empty here): " + noRows);
        assertThat(counts.get("promql") + counts.get("sql"))
                .isEqualTo(dashboards.stream().mapToInt(d -> d.queries().size()).sum());
    }

    /** Runs every query of every dashboard once; returns what failed, counts what passed, lists the SQL queries without rows. */
    private static List<String> checkAll(List<Dashboard> dashboards, Map<String, Integer> counts, List<String> noRows)
            throws Exception {
        List<String> failures = new ArrayList<>();
        counts.clear();
        noRows.clear();
        counts.put("promql", 0);
        counts.put("sql", 0);
        counts.put("sqlRows", 0);
        Instant to = Instant.now();
        Instant from = to.minus(6, ChronoUnit.HOURS);
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            for (Dashboard dashboard : dashboards) {
                // Every value a variable has (Grafana's "All"), so that each panel shows all the traffic.
                Map<String, List<String>> values = new HashMap<>();
                for (Variable variable : dashboard.variables()) {
                    List<String> found = prometheus.labelValues(variable.selector(), variable.label());
                    if (found.isEmpty()) {
                        failures.add(dashboard.title() + ": variable $" + variable.name() + " has no values ("
                                + variable.selector() + ")");
                    } else {
                        values.put(variable.name(), found);
                    }
                }
                if (values.size() < dashboard.variables().size()) {
                    continue;
                }
                for (Query query : dashboard.queries()) {
                    String failure = query.datasource().equals(GrafanaDashboards.PROMETHEUS)
                            ? promql(GrafanaDashboards.promql(query.text(), values), counts)
                            : sql(
                                    db,
                                    GrafanaDashboards.sql(query.text(), values, from, to),
                                    counts,
                                    () -> noRows.add(query.toString()));
                    if (failure != null) {
                        failures.add(query + ": " + failure);
                    }
                }
            }
        }
        return failures;
    }

    private static String promql(String expr, Map<String, Integer> counts) throws IOException, InterruptedException {
        JsonNode answer = prometheus.query(expr);
        if (!"success".equals(answer.path("status").asText())) {
            return answer.path("errorType").asText() + ": "
                    + answer.path("error").asText() + "\n    " + expr;
        }
        JsonNode result = answer.path("data").path("result");
        boolean scalar = !answer.path("data").path("resultType").asText().matches("vector|matrix");
        if (!scalar && result.isEmpty()) {
            return "no series\n    " + expr;
        }
        counts.merge("promql", 1, Integer::sum);
        return null;
    }

    private static String sql(Connection db, String sql, Map<String, Integer> counts, Runnable noRows) {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            counts.merge("sql", 1, Integer::sum);
            if (rows.next()) {
                counts.merge("sqlRows", 1, Integer::sum);
            } else {
                noRows.run();
            }
            return null;
        } catch (SQLException e) {
            return e.getMessage() + "\n    " + sql;
        }
    }

    /**
     * One minute of the fleet's sign-ons (within its first 45 s): terminals 0-7 dial the first host, 8-39 the second, in two provinces, on three
     * carriers and two firmware versions (each spread over both hosts), with a signal that weakens with the terminal
     * number; each sends two attempts, mostly successes, some failing with a MAC error, a connect timeout or a card
     * reader fault. In the failing window every attempt at the second host but its first terminal's fails with 96 (a
     * host outage across provinces, carriers and firmware).
     */
    private static List<SignOnAttempt> window(List<TerminalRecord> fleet, Instant window, boolean secondHostFailing) {
        List<SignOnAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            String host = i < 8 ? hosts.get(0) : hosts.get(1);
            Network network = new Network(NetworkType._4G, CARRIERS.get(i % 3), -70 - i);
            for (int n = 0; n < 2; n++) {
                Kind kind;
                if (secondHostFailing && i > 8) {
                    kind = Kind.HOST_96;
                } else if (n == 1 && i % 8 == 1) {
                    kind = Kind.MAC_A0;
                } else if (n == 1 && i % 8 == 3) {
                    kind = Kind.CONNECT_TIMEOUT;
                } else if (n == 1 && i % 8 == 5) {
                    kind = Kind.CARD_READER;
                } else {
                    kind = Kind.SUCCESS;
                }
                attempts.add(SignOns.attempt(
                        fleet.get(i).terminalId(),
                        host,
                        window.plusSeconds(2 + i).plusMillis(500L * n),
                        kind,
                        network,
                        FIRMWARES.get(i / 2 % 2)));
            }
        }
        return attempts;
    }

    private static List<Telemetry> telemetry(List<TerminalRecord> fleet, Instant at) {
        SplittableRandom random = new SplittableRandom();
        return fleet.stream()
                .map(terminal -> Events.telemetry(SignOns.device(terminal, "CMCC"), at, random, random.nextLong()))
                .toList();
    }

    /** Events ingest turns away for different reasons (a good one besides, so the batch is a 207). */
    private static List<Object> rejected(String terminalId) {
        Map<String, Object> schema = new LinkedHashMap<>(ContractJson.mapper()
                .convertValue(
                        SignOns.attempt(terminalId, Instant.now(), Kind.SUCCESS, "CMCC", SignOns.FIRMWARE), Map.class));
        schema.put("responseCode", "not a code");
        return List.of(
                SignOns.attempt(terminalId, Instant.now(), Kind.SUCCESS, "CMCC", SignOns.FIRMWARE),
                schema,
                SignOns.attempt(
                        terminalId, Instant.now().plus(1, ChronoUnit.HOURS), Kind.SUCCESS, "CMCC", SignOns.FIRMWARE),
                SignOns.attempt("DASH-UNREGISTERED-" + run, Instant.now(), Kind.SUCCESS, "CMCC", SignOns.FIRMWARE));
    }

    /** A declared maintenance window of the first host around now, for the Hosts dashboard's annotations. */
    private void declareMaintenance() throws IOException, InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = ContractJson.mapper()
                .writeValueAsString(Map.of(
                        "hostId",
                        hosts.get(0),
                        "start",
                        now.minus(30, ChronoUnit.MINUTES).toString(),
                        "end",
                        now.plus(30, ChronoUnit.MINUTES).toString(),
                        "reason",
                        "dashboards test " + run));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(alerting.uri("/v1/maintenance-windows"))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST /v1/maintenance-windows: %s", response.body())
                .isEqualTo(201);
    }

    private static StreamClock clock(String bootstrap, String acquirer) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return new StreamClock(
                    "DASH" + run + "-CLK",
                    "440305",
                    "DASH-CLOCK",
                    acquirer,
                    StreamClock.partitions(admin, Topics.SIGNON_ATTEMPTS.name()));
        }
    }

    private static String bootstrap() {
        return SystemBroker.bootstrap();
    }

    /** Drops and creates the test's own database; the real alerting's Flyway migrates it at start. */
    private static void freshDatabase() throws SQLException {
        PostgresTestResource.ensureDatabase();
        try (Connection admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/" + DATABASE;
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void lap(String what) {
        System.out.printf("DashboardsIT %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
