package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.systemtests.SignOns.Kind;
import dev.posmon.testing.AccessWalk;
import dev.posmon.testing.PostgresTestResource;
import dev.posmon.testing.TopicProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two acquirers' fleets in one run of the packaged ingest, analytics and alerting: A's host fails (an incident of A
 * only), then B's (of B only), then a host both share (an incident of both). The admin issues desk credentials through
 * ingest (an operator of A, an operator of B, a support desk of A), and every API that lists or reads is walked with
 * each: incidents (list, pages, filters, one by id), whom an incident hit (JSON, CSV, pages), acknowledge and resolve,
 * diagnoses, registry reads with each acquirer's ingest key, weekly reports (JSON, HTML, CSV, {@code acquirer=} own,
 * other and none, the stored ones). A credential sees its own acquirer's data, and never an id, terminal, host or name
 * of the other's: a list without them, or a 403 that names neither the data nor its acquirer. Every GET operation of
 * the three services' OpenAPI documents must be classified here, so a new one fails the test until it is walked.
 */
@ExtendWith(SystemBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {

    /** Analytics' first window closes are slow on a busy machine (see PipelineIT.FIRST_OUTPUT), then alerting judges. */
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(240);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Terminals of each acquirer: the first ON_OWN_HOST dial the acquirer's own host, the others the shared one. */
    private static final int TERMINALS = 20;

    private static final int ON_OWN_HOST = 10;
    /**
     * Sign-ons of a terminal in a window: 10 terminals of a host × 4 = 40, above alerting's minimum volume (30) for the
     * host's series.
     */
    private static final int ATTEMPTS = 4;
    /** Windows of successes that give alerting's detector its warm-up (10 windows) before the three outages. */
    private static final int ORDINARY_WINDOWS = 12;

    private static final ZoneId REPORT_ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<String> CARRIERS = List.of("CMCC", "CUCC", "CTCC");
    private static final List<String> FIRMWARES = List.of("FW-7.4", "FW-7.5");
    private static final String MODEL = "P2000";

    /** One acquirer: its fleet (registered with its own ingest key), its own host and the credentials bound to it. */
    record Tenant(String acquirer, String ownHost, List<TerminalRecord> fleet, String apiKey, int sparedOnShared) {

        /** The host terminal i dials. */
        String hostOf(int i) {
            return i < ON_OWN_HOST ? ownHost : sharedHost;
        }

        Set<String> terminalIds() {
            return fleet.stream().map(TerminalRecord::terminalId).collect(Collectors.toCollection(TreeSet::new));
        }

        /**
         * The terminals that fail in the outage of a host: all of the host's but its first, which keeps signing on, and
         * on the shared host all but its first {@link #sparedOnShared} (B spares one more than A, so that a count of the
         * other tenant's terminals of the shared incident would show).
         */
        Set<String> failingOn(String host) {
            Set<String> ids = new TreeSet<>();
            for (int i = 0; i < fleet.size(); i++) {
                if (hostOf(i).equals(host) && i != 0 && (i < ON_OWN_HOST || i >= ON_OWN_HOST + sparedOnShared)) {
                    ids.add(fleet.get(i).terminalId());
                }
            }
            return ids;
        }
    }

    /** Who calls: a name for the messages and a bearer token. */
    record Caller(String who, String token) {
        @Override
        public String toString() {
            return who;
        }
    }

    private static long started;
    private static String run;
    private static String adminToken;
    private static String applicationId;
    private static Path stateDir;
    private static String database;
    private static ServiceProcess ingest;
    private static ServiceProcess analytics;
    private static ServiceProcess alerting;
    private static String sharedHost;
    private static Tenant a;
    private static Tenant b;
    private static StreamClock clock;
    private static Caller admin;
    private static Caller operatorA;
    private static Caller operatorB;
    private static Caller supportA;
    private static Caller sourceA;
    private static Caller sourceB;
    /** The incident of each outage's host, by host. */
    private static final Map<String, String> incidentOf = new TreeMap<>();
    /** When each attempt of each acquirer occurred, by acquirer (the weekly report counts them). */
    private static final Map<String, List<Instant>> sentAt = new TreeMap<>();

    @BeforeAll
    static void startServicesAndPlayThreeOutages() throws Exception {
        started = System.nanoTime();
        run = UUID.randomUUID().toString().substring(0, 8);
        adminToken = UUID.randomUUID().toString();
        admin = new Caller("the admin", adminToken);
        applicationId = "posmon-analytics-tenants-" + run;
        stateDir = ServiceProcess.targetDir().resolve("analytics-state-" + run);
        database = "posmon_tenants_" + run;
        sharedHost = "TEN-HS-" + run;
        PostgresTestResource.ensureDatabase();
        sql("CREATE DATABASE " + database);
        String bootstrap = SystemBroker.bootstrap();
        ingest = ServiceProcess.startIngest(run, bootstrap, adminToken);
        analytics = ServiceProcess.startAnalytics(
                run, bootstrap, adminToken, applicationId, stateDir, Duration.ofSeconds(5));
        alerting = ServiceProcess.startAlerting(
                run,
                bootstrap,
                adminToken,
                database,
                "posmon-alerting-tenants-" + run,
                Map.of("POSMON_ALERTING_WINDOW_SETTLE", "PT1S"));
        ingest.awaitReady();
        alerting.awaitReady();
        analytics.awaitStreamsRunning();
        lap("services ready");

        IngestClient api = new IngestClient(ingest.uri("/"), adminToken);
        a = tenant(api, "A");
        b = tenant(api, "B");
        sourceA = new Caller("A's ingest key", a.apiKey());
        sourceB = new Caller("B's ingest key", b.apiKey());
        String clockAcquirer = "ACQ-CLOCK-" + run;
        String clockKey = api.createCredential("tenants test clock " + run, clockAcquirer, null);
        clock = clock(bootstrap, clockAcquirer);
        api.importTerminals(clockKey, clock.terminals());
        // Issued before the traffic, so that analytics and alerting read them from posmon.credentials.v1 meanwhile.
        operatorA = new Caller(
                "A's operator", api.createDeskCredential("A's on-call " + run, "operator", List.of(a.acquirer())));
        operatorB = new Caller(
                "B's operator", api.createDeskCredential("B's on-call " + run, "operator", List.of(b.acquirer())));
        supportA = new Caller(
                "A's support desk",
                api.createDeskCredential("A's support desk " + run, "support", List.of(a.acquirer())));
        lap("ingest keys, 2 × " + TERMINALS + " terminals and "
                + clock.terminals().size() + " clock terminals imported, desk credentials issued");

        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(ORDINARY_WINDOWS + 7, ChronoUnit.MINUTES);
        barrier(api, clockKey, first.minus(1, ChronoUnit.MINUTES));
        lap("every terminal known to analytics");

        // Windows 0-11 ordinary; 12: A's host fails; 13: B's host; 14: the shared host (both acquirers' terminals).
        List<String> failing = List.of(a.ownHost(), b.ownHost(), sharedHost);
        for (int w = 0; w < ORDINARY_WINDOWS + failing.size(); w++) {
            Instant window = first.plus(w, ChronoUnit.MINUTES);
            String failingHost = w < ORDINARY_WINDOWS ? null : failing.get(w - ORDINARY_WINDOWS);
            for (Tenant tenant : List.of(a, b)) {
                api.postEvents(tenant.apiKey(), window(tenant, window, failingHost));
            }
            api.postEvents(clockKey, clock.tick(window.plusSeconds(55)));
        }
        lap((ORDINARY_WINDOWS + failing.size()) + " windows posted: " + a.ownHost() + ", " + b.ownHost() + " and "
                + sharedHost + " failing in the last three");

        // Clock rounds close the windows; then alerting has an incident of each host, and whom each hit.
        Instant after = first.plus(ORDINARY_WINDOWS + failing.size() + 2, ChronoUnit.MINUTES);
        AtomicInteger tick = new AtomicInteger();
        Map<String, List<String>> acquirersOf = Map.of(
                a.ownHost(),
                List.of(a.acquirer()),
                b.ownHost(),
                List.of(b.acquirer()),
                sharedHost,
                Stream.of(a.acquirer(), b.acquirer()).sorted().toList());
        await("an incident of each failing host, with the acquirers and terminals it hit")
                .atMost(DATA_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    api.postEvents(clockKey, clock.tick(after.plusSeconds(tick.getAndIncrement())));
                    List<JsonNode> all = incidents(admin, "");
                    for (String host : failing) {
                        JsonNode incident = incidentOn(all, host);
                        assertThat(strings(incident.get("acquirers")))
                                .as("acquirers of the incident on %s", host)
                                .isEqualTo(acquirersOf.get(host));
                        incidentOf.put(host, incident.get("id").asText());
                        Set<String> hit = new TreeSet<>(a.failingOn(host));
                        hit.addAll(b.failingOn(host));
                        assertThat(terminalsHit(admin, incident.get("id").asText(), ""))
                                .as("the terminals the incident on %s hit", host)
                                .isEqualTo(hit);
                    }
                });
        lap("incidents " + incidentOf + " opened and whom each hit listed, after " + tick.get() + " clock rounds");

        for (Caller desk : List.of(operatorA, operatorB, supportA)) {
            await(desk + " recognised by alerting and analytics")
                    .atMost(TIMEOUT)
                    .untilAsserted(() -> {
                        assertThat(alerting.call("GET", "/v1/incidents?limit=1", desk.token(), null)
                                        .statusCode())
                                .isEqualTo(200);
                        assertThat(diagnosis(desk, clock.terminals().get(0).terminalId())
                                        .statusCode())
                                .as("not 401: the credential is known")
                                .isEqualTo(403);
                    });
        }
        lap("desk credentials recognised everywhere");
    }

    @AfterAll
    static void stopServices() throws SQLException {
        try {
            ServiceProcess.closeAll(ingest, analytics, alerting);
        } finally {
            SystemBroker.deleteInternalTopics(applicationId);
            SystemBroker.deleteRecursively(stateDir);
            sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            lap("done");
        }
    }

    /** How a GET operation of a service's OpenAPI document is walked. */
    enum Reads {
        /** Reads an acquirer's data: walked with every credential by the test named. */
        TENANT,
        /** Data of no acquirer (hosts', carriers' maintenance): bound operators read the same, walked here. */
        SHARED,
        /** The admin's (credentials, keys): every credential bound to an acquirer is refused, walked here. */
        ADMIN,
        /** Open to everyone by design, no tenant data (the contract's schemas). */
        PUBLIC
    }

    /** How a GET operation is walked, and the test of this class that walks it (none for a public one). */
    record Walk(Reads reads, String by) {}

    private static final String SHARED_AND_ADMINS = "sharedReadsAreTheSameForBothAndTheAdminsAreRefused";

    /**
     * Every GET operation of the three services and how it is walked. A new one fails
     * {@link #everyGetOperationIsClassified} until it is added here and, if it reads tenant data, walked by a test.
     */
    static final Map<String, Walk> GETS = Map.ofEntries(
            Map.entry("ingest-service GET /v1/terminals/{terminalId}", new Walk(Reads.TENANT, "registryReads")),
            Map.entry("ingest-service GET /v1/credentials", new Walk(Reads.ADMIN, SHARED_AND_ADMINS)),
            Map.entry("ingest-service GET /v1/credentials/{id}", new Walk(Reads.ADMIN, SHARED_AND_ADMINS)),
            Map.entry("ingest-service GET /v1/sources", new Walk(Reads.ADMIN, SHARED_AND_ADMINS)),
            Map.entry("ingest-service GET /v1/schemas/{file}", new Walk(Reads.PUBLIC, null)),
            Map.entry(
                    "analytics-service GET /v1/terminals/{terminalId}/diagnosis", new Walk(Reads.TENANT, "diagnoses")),
            Map.entry("alerting GET /v1/incidents", new Walk(Reads.TENANT, "incidentsListedAndRead")),
            Map.entry("alerting GET /v1/incidents/{id}", new Walk(Reads.TENANT, "incidentsListedAndRead")),
            Map.entry("alerting GET /v1/incidents/{id}/terminals", new Walk(Reads.TENANT, "terminalsHit")),
            Map.entry("alerting GET /v1/reports/weekly", new Walk(Reads.TENANT, "weeklyReports")),
            Map.entry("alerting GET /v1/maintenance-windows", new Walk(Reads.SHARED, SHARED_AND_ADMINS)),
            Map.entry("alerting GET /v1/maintenance-calendars", new Walk(Reads.SHARED, SHARED_AND_ADMINS)));

    @Test
    @Order(1)
    void everyGetOperationIsClassified() throws Exception {
        Map<String, AccessWalk.Operation> found = new TreeMap<>();
        for (ServiceProcess service : List.of(ingest, analytics, alerting)) {
            for (AccessWalk.Operation operation : new AccessWalk(service.uri("/")).operations()) {
                if (operation.method().equals("GET")) {
                    found.put(service.module() + " GET " + operation.path(), operation);
                }
            }
        }
        assertThat(found.keySet())
                .as("the GET operations of the services' OpenAPI documents: classify a new one in GETS (and walk it"
                        + " with every credential if it reads tenant data)")
                .containsExactlyInAnyOrderElementsOf(GETS.keySet());
        found.forEach((name, operation) -> {
            Set<String> roles = operation.roles();
            Walk walk = GETS.get(name);
            switch (walk.reads()) {
                case ADMIN -> assertThat(roles).as("roles of %s", name).containsExactly("admin");
                case PUBLIC -> assertThat(roles).as("roles of %s", name).isEmpty();
                case SHARED -> assertThat(roles).as("roles of %s", name).contains("operator");
                case TENANT -> assertThat(roles).as("roles of %s", name).containsAnyOf("operator", "support", "source");
            }
            if (walk.by() != null) {
                assertThat(Stream.of(TenantIsolationIT.class.getDeclaredMethods())
                                .filter(method -> method.isAnnotationPresent(Test.class))
                                .map(java.lang.reflect.Method::getName))
                        .as("the test that walks %s", name)
                        .contains(walk.by());
            }
        });
        lap("GET operations classified: " + found.keySet());
    }

    @Test
    @Order(2)
    void incidentsListedAndRead() throws Exception {
        List<JsonNode> every = incidents(admin, "");
        JsonNode sharedForAdmin = every.stream()
                .filter(i -> i.get("id").asText().equals(incidentOf.get(sharedHost)))
                .findFirst()
                .orElseThrow();
        assertThat(sharedForAdmin.get("affectedTerminals").asLong())
                .as("the admin counts both acquirers' terminals of the shared host's incident: %s", sharedForAdmin)
                .isEqualTo(
                        a.failingOn(sharedHost).size() + b.failingOn(sharedHost).size());
        assertThat(sharedForAdmin.get("failures").asLong()).isPositive();
        for (Caller caller : List.of(operatorA, supportA, operatorB)) {
            Tenant own = tenantOf(caller);
            Tenant other = other(own);
            List<JsonNode> listed = incidents(caller, "");
            assertThat(ids(listed))
                    .as("%s lists exactly the incidents that hit its acquirer", caller)
                    .isEqualTo(ids(every.stream()
                            .filter(i -> strings(i.get("acquirers")).contains(own.acquirer()))
                            .toList()))
                    .contains(incidentOf.get(own.ownHost()), incidentOf.get(sharedHost))
                    .doesNotContain(incidentOf.get(other.ownHost()));
            assertThat(listed)
                    .as("%s sees its own acquirer in every incident, the shared host's too", caller)
                    .allSatisfy(i -> assertThat(strings(i.get("acquirers"))).containsExactly(own.acquirer()));
            assertNothingOf(
                    other,
                    caller + "'s incidents",
                    String.join("\n", listed.stream().map(JsonNode::toString).toList()));
            JsonNode shared = listed.stream()
                    .filter(i -> i.get("id").asText().equals(incidentOf.get(sharedHost)))
                    .findFirst()
                    .orElseThrow();
            assertThat(shared.get("affectedTerminals").asLong())
                    .as("%s counts only its own terminals of the shared host's incident: %s", caller, shared)
                    .isEqualTo(own.failingOn(sharedHost).size());
            assertThat(shared.get("stillFailing").asLong())
                    .as(
                            "%s: its own terminals failing still at the shared host (none signed on since): %s",
                            caller, shared)
                    .isEqualTo(own.failingOn(sharedHost).size());
            assertThat(shared.has("failures") || shared.has("evidence"))
                    .as("%s is not shown the failures and evidence of both acquirers: %s", caller, shared)
                    .isFalse();
            assertThat(ids(incidents(caller, "&limit=1")))
                    .as("%s's incidents a page of one at a time", caller)
                    .isEqualTo(ids(listed));
            JsonNode otherIncident = every.stream()
                    .filter(i -> i.get("id").asText().equals(incidentOf.get(other.ownHost())))
                    .findFirst()
                    .orElseThrow();
            for (String filter : List.of(
                    "&status=OPEN",
                    "&kind=" + otherIncident.get("kind").asText(),
                    "&since=" + otherIncident.get("onset").asText())) {
                assertThat(ids(incidents(caller, filter)))
                        .as("%s's incidents with %s", caller, filter)
                        .isSubsetOf(ids(listed))
                        .doesNotContain(incidentOf.get(other.ownHost()));
            }

            for (String host : List.of(own.ownHost(), sharedHost)) {
                HttpResponse<String> read = alerting.call(
                        "GET", "/v1/incidents/" + incidentOf.get(host) + "?lang=en", caller.token(), null);
                assertThat(read.statusCode())
                        .as("%s reads the incident on %s: %s", caller, host, read.body())
                        .isEqualTo(200);
                assertThat(strings(json(read).get("acquirers"))).containsExactly(own.acquirer());
                assertNothingOf(other, caller + " reading the incident on " + host, read.body());
            }
            assertRefused(
                    alerting.call("GET", "/v1/incidents/" + incidentOf.get(other.ownHost()), caller.token(), null),
                    caller + " reading the incident of " + other.acquirer(),
                    other);
            assertThat(alerting.call("GET", "/v1/incidents/no-such-incident", caller.token(), null)
                            .statusCode())
                    .isEqualTo(404);
        }
        lap("incidents listed (pages, filters) and read by id with each credential");
    }

    @Test
    @Order(3)
    void terminalsHit() throws Exception {
        for (Caller caller : List.of(operatorA, supportA, operatorB)) {
            Tenant own = tenantOf(caller);
            Tenant other = other(own);
            for (String host : List.of(own.ownHost(), sharedHost)) {
                String id = incidentOf.get(host);
                String path = "/v1/incidents/" + id + "/terminals";
                HttpResponse<String> list = alerting.call("GET", path + "?lang=en", caller.token(), null);
                assertThat(list.statusCode())
                        .as("%s lists whom %s hit: %s", caller, id, list.body())
                        .isEqualTo(200);
                assertThat(terminalIdsOf(json(list)))
                        .as("%s: the terminals of its acquirer the incident on %s hit", caller, host)
                        .isEqualTo(own.failingOn(host));
                json(list).forEach(row -> {
                    assertThat(row.get("acquirer").asText()).isEqualTo(own.acquirer());
                    assertThat(row.get("host").asText()).isEqualTo(host);
                    assertThat(row.get("lastCause").asText()).isEqualTo("HOST_UNAVAILABLE");
                });
                assertNothingOf(other, caller + " listing whom " + host + "'s incident hit", list.body());
                for (String accept : List.of("format=csv", "accept")) {
                    HttpResponse<String> csv = accept.equals("accept")
                            ? alerting.call("GET", path, caller.token(), "text/csv")
                            : alerting.call("GET", path + "?" + accept, caller.token(), null);
                    assertThat(csv.statusCode())
                            .as("%s: CSV by %s: %s", caller, accept, csv.body())
                            .isEqualTo(200);
                    assertThat(csv.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("text/csv");
                    List<String> lines = csv.body().lines().toList();
                    assertThat(lines.get(0)).startsWith("terminalId,merchantId,acquirer,");
                    Set<String> rows = lines.subList(1, lines.size()).stream()
                            .map(line -> line.substring(0, line.indexOf(',')).replace("\"", ""))
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(rows)
                            .as("%s: the CSV of whom %s's incident hit", caller, host)
                            .isEqualTo(own.failingOn(host));
                    assertNothingOf(other, caller + "'s CSV of whom " + host + "'s incident hit", csv.body());
                }
                assertThat(terminalsHit(caller, id, "&limit=4"))
                        .as("%s: whom %s's incident hit, 4 a page", caller, host)
                        .isEqualTo(own.failingOn(host));
            }
            String othersPath = "/v1/incidents/" + incidentOf.get(other.ownHost()) + "/terminals";
            assertRefused(
                    alerting.call("GET", othersPath, caller.token(), null),
                    caller + " listing whom " + other.acquirer() + "'s incident hit",
                    other);
            assertRefused(
                    alerting.call("GET", othersPath + "?format=csv", caller.token(), null), caller + " (CSV)", other);
            assertRefused(
                    alerting.call("GET", othersPath, caller.token(), "text/csv"),
                    caller + " (Accept: text/csv)",
                    other);
        }
        Set<String> both = new TreeSet<>(a.failingOn(sharedHost));
        both.addAll(b.failingOn(sharedHost));
        assertThat(terminalsHit(admin, incidentOf.get(sharedHost), "&limit=5"))
                .as("the admin: whom the shared host's incident hit, of both acquirers")
                .isEqualTo(both);
        lap("whom each incident hit listed (JSON, CSV, pages) with each credential");
    }

    @Test
    @Order(4)
    void diagnoses() {
        String unknown = "TEN" + run + "-NOBODY";
        for (Caller caller : List.of(operatorA, supportA, operatorB)) {
            Tenant own = tenantOf(caller);
            Tenant other = other(own);
            HttpResponse<String> nobody = diagnosis(caller, unknown);
            assertRefused(nobody, caller + " diagnosing a terminal nobody registered", other);
            for (TerminalRecord terminal : own.fleet()) {
                HttpResponse<String> answer = diagnosis(caller, terminal.terminalId());
                assertThat(answer.statusCode())
                        .as("%s diagnosing its %s: %s", caller, terminal.terminalId(), answer.body())
                        .isEqualTo(200);
                JsonNode diagnosis = json(answer);
                assertThat(diagnosis.get("terminalId").asText()).isEqualTo(terminal.terminalId());
                assertThat(diagnosis.at("/terminal/acquirer").asText()).isEqualTo(own.acquirer());
                if (own.failingOn(sharedHost).contains(terminal.terminalId())) {
                    assertThat(diagnosis.get("currentCause").asText())
                            .as("%s failing at %s", terminal.terminalId(), sharedHost)
                            .isEqualTo("HOST_UNAVAILABLE");
                }
                assertNothingOf(other, caller + " diagnosing " + terminal.terminalId(), answer.body());
            }
            for (TerminalRecord terminal : Stream.concat(other.fleet().stream(), clock.terminals().stream())
                    .toList()) {
                HttpResponse<String> answer = diagnosis(caller, terminal.terminalId());
                assertRefused(answer, caller + " diagnosing " + terminal.terminalId(), other);
                assertThat(answer.body())
                        .as("%s: another acquirer's terminal is refused exactly as one that does not exist", caller)
                        .isEqualTo(nobody.body());
            }
        }
        for (TerminalRecord terminal :
                Stream.concat(a.fleet().stream(), b.fleet().stream()).toList()) {
            assertThat(diagnosis(admin, terminal.terminalId()).statusCode()).isEqualTo(200);
        }
        lap("2 × " + TERMINALS + " + " + clock.terminals().size() + " terminals diagnosed with each credential");
    }

    @Test
    @Order(5)
    void registryReads() {
        for (Caller caller : List.of(sourceA, sourceB)) {
            Tenant own = caller == sourceA ? a : b;
            Tenant other = other(own);
            for (TerminalRecord terminal : own.fleet()) {
                HttpResponse<String> answer =
                        ingest.call("GET", "/v1/terminals/" + terminal.terminalId(), caller.token(), null);
                assertThat(answer.statusCode())
                        .as("%s reading %s: %s", caller, terminal.terminalId(), answer.body())
                        .isEqualTo(200);
                assertThat(json(answer).get("acquirer").asText()).isEqualTo(own.acquirer());
            }
            for (TerminalRecord terminal : other.fleet()) {
                HttpResponse<String> answer =
                        ingest.call("GET", "/v1/terminals/" + terminal.terminalId(), caller.token(), null);
                assertThat(answer.statusCode())
                        .as("%s reading %s: %s", caller, terminal.terminalId(), answer.body())
                        .isEqualTo(403);
                assertThat(answer.body()).doesNotContain(other.acquirer());
            }
        }
        for (Caller desk : List.of(operatorA, supportA, operatorB)) {
            assertThat(ingest.call("GET", "/v1/terminals/" + a.fleet().get(0).terminalId(), desk.token(), null)
                            .statusCode())
                    .as("%s: ingest's registry is not a desk's", desk)
                    .isEqualTo(403);
        }
        lap("the registry read with each acquirer's ingest key");
    }

    @Test
    @Order(6)
    void weeklyReports() throws Exception {
        String week = isoWeek(Instant.now());
        for (Caller caller : List.of(operatorA, operatorB)) {
            Tenant own = tenantOf(caller);
            Tenant other = other(own);
            long expected = sentAt.get(own.acquirer()).stream()
                    .filter(at -> isoWeek(at).equals(week))
                    .count();
            String path = "/v1/reports/weekly?lang=en&week=" + week;
            await(caller + "'s report counts its acquirer's attempts")
                    .atMost(TIMEOUT)
                    .untilAsserted(() -> {
                        HttpResponse<String> answer = alerting.call("GET", path + "&format=json", caller.token(), null);
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        assertThat(json(answer).at("/fleet/attempts").asLong()).isEqualTo(expected);
                    });
            for (String acquirer : List.of("", "&acquirer=" + own.acquirer())) {
                HttpResponse<String> answer =
                        alerting.call("GET", path + "&format=json" + acquirer, caller.token(), null);
                JsonNode report = json(answer);
                assertThat(report.get("acquirer").asText()).isEqualTo(own.acquirer());
                assertThat(report.at("/fleet/attempts").asLong()).isEqualTo(expected);
                assertThat(strings(report.get("incidents"), "id"))
                        .as("%s's report: the incidents that hit its acquirer", caller)
                        .contains(incidentOf.get(own.ownHost()), incidentOf.get(sharedHost))
                        .doesNotContain(incidentOf.get(other.ownHost()));
                assertThat(strings(report.get("byHost"), "key"))
                        .as("%s's report: its acquirer's hosts", caller)
                        .containsExactlyInAnyOrder(own.ownHost(), sharedHost);
                assertThat(strings(report.get("terminals"), "terminalId")).isSubsetOf(own.terminalIds());
                for (JsonNode incident : report.get("incidents")) {
                    if (incident.get("id").asText().equals(incidentOf.get(sharedHost))) {
                        assertThat(incident.get("affectedTerminals").asLong())
                                .as("%s's report counts only its own terminals of the shared incident", caller)
                                .isEqualTo(own.failingOn(sharedHost).size());
                        assertThat(incident.path("failures").isNull()
                                        || incident.path("failures").isMissingNode())
                                .as("%s's report leaves out both acquirers' failures: %s", caller, incident)
                                .isTrue();
                    }
                }
                assertNothingOf(other, caller + "'s report" + acquirer, answer.body());
            }
            for (String format : List.of("html", "csv")) {
                HttpResponse<String> answer = alerting.call("GET", path + "&format=" + format, caller.token(), null);
                assertThat(answer.statusCode())
                        .as("%s's report as %s: %s", caller, format, answer.body())
                        .isEqualTo(200);
                assertThat(answer.body()).contains(own.ownHost());
                assertNothingOf(other, caller + "'s report as " + format, answer.body());
            }
            for (String format : List.of("json", "html", "csv")) {
                assertRefused(
                        alerting.call(
                                "GET",
                                path + "&format=" + format + "&acquirer=" + other.acquirer(),
                                caller.token(),
                                null),
                        caller + " reading " + other.acquirer() + "'s report as " + format,
                        other);
            }
        }
        assertThat(alerting.call("GET", "/v1/reports/weekly?week=" + week, supportA.token(), null)
                        .statusCode())
                .as("the support desk reads no reports")
                .isEqualTo(403);
        JsonNode all = json(alerting.call("GET", "/v1/reports/weekly?format=json&week=" + week, adminToken, null));
        assertThat(all.path("acquirer").isNull() || all.path("acquirer").isMissingNode())
                .isTrue();
        assertThat(all.at("/fleet/attempts").asLong())
                .isGreaterThan(sentAt.get(a.acquirer()).stream()
                        .filter(at -> isoWeek(at).equals(week))
                        .count());

        // Last week's reports, asked for, are stored (the week has ended): the list of stored reports is filtered.
        String lastWeek = isoWeek(Instant.now().minus(7, ChronoUnit.DAYS));
        for (Caller caller : List.of(operatorA, operatorB, admin)) {
            HttpResponse<String> answer = alerting.call(
                    "GET", "/v1/reports/weekly?format=json&lang=en&week=" + lastWeek, caller.token(), null);
            assertThat(answer.statusCode())
                    .as("%s's report of %s: %s", caller, lastWeek, answer.body())
                    .isEqualTo(200);
        }
        for (Caller caller : List.of(operatorA, operatorB)) {
            Tenant own = tenantOf(caller);
            HttpResponse<String> stored = alerting.call("GET", "/v1/reports/weekly", caller.token(), null);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(strings(json(stored), "acquirer"))
                    .as("%s: the stored reports it may read", caller)
                    .isNotEmpty()
                    .containsOnly(own.acquirer());
            assertNothingOf(other(own), caller + "'s stored reports", stored.body());
        }
        assertThat(strings(json(alerting.call("GET", "/v1/reports/weekly", adminToken, null)), "acquirer"))
                .as("the admin: every stored report")
                .contains(a.acquirer(), b.acquirer(), "");
        lap("weekly reports (" + week + ", JSON, HTML, CSV, acquirer= own, other, none; stored ones of " + lastWeek
                + ") read with each credential");
    }

    @Test
    @Order(7)
    void sharedReadsAreTheSameForBothAndTheAdminsAreRefused() throws Exception {
        new AlertingClient(alerting.uri("/"), adminToken)
                .declareWindow(
                        "TEN-HM-" + run,
                        Instant.now().plus(1, ChronoUnit.DAYS),
                        Instant.now().plus(1, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS),
                        "tenants test " + run);
        Map<String, ServiceProcess> services =
                Map.of(ingest.module(), ingest, analytics.module(), analytics, alerting.module(), alerting);
        for (Map.Entry<String, Walk> get : GETS.entrySet()) {
            String[] name = get.getKey().split(" ");
            ServiceProcess service = services.get(name[0]);
            String path = name[2].replaceAll("\\{[^}]+}", "tenants-" + run);
            if (get.getValue().reads() == Reads.SHARED) {
                HttpResponse<String> ofA = service.call("GET", path, operatorA.token(), null);
                HttpResponse<String> ofB = service.call("GET", path, operatorB.token(), null);
                assertThat(ofA.statusCode())
                        .as("%s as A's operator: %s", get.getKey(), ofA.body())
                        .isEqualTo(200);
                assertThat(ofB.body())
                        .as("%s: the same for both acquirers' operators", get.getKey())
                        .isEqualTo(ofA.body());
            } else if (get.getValue().reads() == Reads.ADMIN) {
                for (Caller caller : List.of(operatorA, supportA, operatorB, sourceA, sourceB)) {
                    assertThat(service.call("GET", path, caller.token(), null).statusCode())
                            .as("%s as %s", get.getKey(), caller)
                            .isEqualTo(403);
                }
            }
        }
        assertThat(alerting.call("GET", "/v1/maintenance-windows", operatorB.token(), null)
                        .body())
                .contains("TEN-HM-" + run);
        lap("shared reads the same for both operators, the admin's refused to every tenant credential");
    }

    @Test
    @Order(8)
    void eachActsOnlyOnItsOwnIncidents() {
        for (Caller caller : List.of(operatorA, supportA, operatorB)) {
            Tenant own = tenantOf(caller);
            Tenant other = other(own);
            for (String action : List.of("ack", "resolve")) {
                assertRefused(
                        alerting.call(
                                "POST",
                                "/v1/incidents/" + incidentOf.get(other.ownHost()) + "/" + action,
                                caller.token(),
                                null),
                        caller + " " + action + " of " + other.acquirer() + "'s incident",
                        other);
            }
        }
        for (String action : List.of("ack", "resolve")) {
            assertThat(alerting.call(
                                    "POST",
                                    "/v1/incidents/" + incidentOf.get(a.ownHost()) + "/" + action,
                                    supportA.token(),
                                    null)
                            .statusCode())
                    .as("the support desk may not %s even its own acquirer's incident", action)
                    .isEqualTo(403);
        }
        for (Caller caller : List.of(operatorA, operatorB)) {
            Tenant own = tenantOf(caller);
            String id = incidentOf.get(own.ownHost());
            HttpResponse<String> ack = alerting.call("POST", "/v1/incidents/" + id + "/ack", caller.token(), null);
            assertThat(ack.statusCode())
                    .as("%s acknowledging its incident: %s", caller, ack.body())
                    .isEqualTo(200);
            assertThat(json(ack).get("status").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(strings(json(ack).get("acquirers"))).containsExactly(own.acquirer());
            HttpResponse<String> resolve =
                    alerting.call("POST", "/v1/incidents/" + id + "/resolve", caller.token(), null);
            assertThat(resolve.statusCode())
                    .as("%s resolving its incident: %s", caller, resolve.body())
                    .isEqualTo(200);
            assertThat(json(resolve).get("status").asText()).isEqualTo("RESOLVED");
            assertNothingOf(other(own), caller + " acting on its incident", ack.body() + resolve.body());
        }
        for (Caller caller : List.of(operatorA, operatorB)) {
            for (String action : List.of("ack", "resolve")) {
                HttpResponse<String> refused = alerting.call(
                        "POST", "/v1/incidents/" + incidentOf.get(sharedHost) + "/" + action, caller.token(), null);
                assertThat(refused.statusCode())
                        .as(
                                "%s may not %s the shared host's incident, which pages the other too: %s",
                                caller, action, refused.body())
                        .isEqualTo(403);
                assertNothingOf(other(tenantOf(caller)), caller + " refused " + action, refused.body());
            }
        }
        HttpResponse<String> shared =
                alerting.call("POST", "/v1/incidents/" + incidentOf.get(sharedHost) + "/ack", adminToken, null);
        assertThat(shared.statusCode())
                .as("the admin acknowledging the shared host's incident: %s", shared.body())
                .isEqualTo(200);
        assertThat(strings(json(shared).get("acquirers"))).containsExactlyInAnyOrder(a.acquirer(), b.acquirer());
        HttpResponse<String> seenByA =
                alerting.call("GET", "/v1/incidents/" + incidentOf.get(sharedHost), operatorA.token(), null);
        assertThat(json(seenByA).get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertNothingOf(b, "A's operator reading the shared incident the admin acknowledged", seenByA.body());
        lap("acknowledged and resolved: each operator its own incidents only, the support desk none");
    }

    // ---- traffic ----

    private static Tenant tenant(IngestClient api, String name) {
        String acquirer = "ACQ-" + name + "-" + run;
        String key = api.createCredential("tenants test " + name + " " + run, acquirer, null);
        List<TerminalRecord> fleet = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            fleet.add(SignOns.terminal(
                    String.format("TEN%s-%s%02d", run, name, i), i % 2 == 0 ? "440305" : "110105", MODEL, acquirer));
        }
        api.importTerminals(key, fleet);
        sentAt.put(acquirer, new ArrayList<>());
        return new Tenant(acquirer, "TEN-H" + name + "-" + run, List.copyOf(fleet), key, name.equals("B") ? 2 : 1);
    }

    /** One success of every terminal (and a clock round); returns when analytics classified each as registered. */
    private static void barrier(IngestClient api, String clockKey, Instant at) {
        try (TopicProbe<String, ClassifiedSignOn> classified =
                TopicProbe.fromNow(SystemBroker.bootstrap(), Topics.SIGNON_CLASSIFIED)) {
            List<SignOnAttempt> all = new ArrayList<>();
            for (Tenant tenant : List.of(a, b)) {
                List<SignOnAttempt> attempts = new ArrayList<>();
                for (int i = 0; i < tenant.fleet().size(); i++) {
                    attempts.add(attempt(tenant, i, at.plusSeconds(i), Kind.SUCCESS));
                }
                api.postEvents(tenant.apiKey(), attempts);
                all.addAll(attempts);
            }
            List<SignOnAttempt> round = clock.tick(at.plusSeconds(55));
            api.postEvents(clockKey, round);
            all.addAll(round);
            Set<UUID> ids = all.stream().map(SignOnAttempt::eventId).collect(Collectors.toSet());
            assertThat(classified.await(
                            r -> ids.contains(r.value().eventId()) && r.value().registered(), ids.size(), DATA_TIMEOUT))
                    .as("the barrier's attempts classified, each of a registered terminal")
                    .hasSize(ids.size());
        }
    }

    /**
     * A window of a tenant's fleet: ATTEMPTS sign-ons of each terminal within its first 45 s, all successes but at the
     * failing host (if any), where every terminal but the host's first fails with 96 (a host outage across provinces,
     * carriers and firmware).
     */
    private static List<SignOnAttempt> window(Tenant tenant, Instant window, String failingHost) {
        List<SignOnAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < tenant.fleet().size(); i++) {
            boolean fails = tenant.failingOn(tenant.hostOf(i))
                            .contains(tenant.fleet().get(i).terminalId())
                    && tenant.hostOf(i).equals(failingHost);
            for (int n = 0; n < ATTEMPTS; n++) {
                attempts.add(attempt(
                        tenant,
                        i,
                        window.plusSeconds(2 + 2L * i).plusMillis(400L * n),
                        fails ? Kind.HOST_96 : Kind.SUCCESS));
            }
        }
        return attempts;
    }

    private static SignOnAttempt attempt(Tenant tenant, int i, Instant at, Kind kind) {
        sentAt.get(tenant.acquirer()).add(at);
        return SignOns.attempt(
                tenant.fleet().get(i).terminalId(),
                tenant.hostOf(i),
                at,
                kind,
                new Network(NetworkType._4G, CARRIERS.get(i % 3), -75),
                FIRMWARES.get(i / 2 % 2));
    }

    private static StreamClock clock(String bootstrap, String acquirer) {
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return new StreamClock(
                    "TEN" + run + "-CLK",
                    "440305",
                    "TEN-CLOCK",
                    acquirer,
                    StreamClock.partitions(kafka, Topics.SIGNON_ATTEMPTS.name()));
        }
    }

    // ---- reading ----

    private static Tenant tenantOf(Caller caller) {
        return caller == operatorB || caller == sourceB ? b : a;
    }

    private static Tenant other(Tenant tenant) {
        return tenant == a ? b : a;
    }

    /** Every incident the caller lists (pages followed), with the extra query ({@code &status=…}). */
    private static List<JsonNode> incidents(Caller caller, String query) {
        List<JsonNode> all = new ArrayList<>();
        String page = "/v1/incidents?lang=en" + query;
        while (page != null) {
            HttpResponse<String> answer = alerting.call("GET", page, caller.token(), null);
            assertThat(answer.statusCode())
                    .as("%s: GET %s: %s", caller, page, answer.body())
                    .isEqualTo(200);
            json(answer).forEach(all::add);
            page = next(answer);
        }
        return all;
    }

    /** The incident whose scope is the host (exactly one). */
    private static JsonNode incidentOn(List<JsonNode> incidents, String host) {
        List<JsonNode> on = incidents.stream()
                .filter(i -> host.equals(i.at("/scope/host").asText()))
                .toList();
        assertThat(on).as("incidents on %s among %s", host, incidents).hasSize(1);
        return on.get(0);
    }

    /** The terminals the caller lists as hit by the incident, every page (JSON), with the extra query. */
    private static Set<String> terminalsHit(Caller caller, String incidentId, String query) {
        Set<String> ids = new TreeSet<>();
        String page = "/v1/incidents/" + incidentId + "/terminals?lang=en" + query;
        while (page != null) {
            HttpResponse<String> answer = alerting.call("GET", page, caller.token(), null);
            assertThat(answer.statusCode())
                    .as("%s: GET %s: %s", caller, page, answer.body())
                    .isEqualTo(200);
            ids.addAll(terminalIdsOf(json(answer)));
            page = next(answer);
        }
        return ids;
    }

    private static Set<String> terminalIdsOf(JsonNode rows) {
        return new TreeSet<>(strings(rows, "terminalId"));
    }

    private static HttpResponse<String> diagnosis(Caller caller, String terminalId) {
        String path = "/v1/terminals/" + terminalId + "/diagnosis?lang=en";
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        // 503 only while Kafka Streams' state is not queryable (a rebalance); anything else is the answer.
        await("diagnosis of " + terminalId + " as " + caller)
                .atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    answer.set(analytics.call("GET", path, caller.token(), null));
                    return answer.get().statusCode() != 503;
                });
        return answer.get();
    }

    /** The path of the Link header's next page, or null. */
    private static String next(HttpResponse<String> answer) {
        String next = Paging.nextFrom(answer.headers().firstValue("Link").orElse(null));
        return next == null ? null : next.replaceFirst("^https?://[^/]+", "");
    }

    /** A 403 problem that names neither the data refused nor the other acquirer. */
    private static void assertRefused(HttpResponse<String> answer, String what, Tenant other) {
        assertThat(answer.statusCode()).as("%s: %s", what, answer.body()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                .as(what)
                .startsWith("application/problem+json");
        assertNothingOf(other, what + " (the refusal)", answer.body());
    }

    /** The text names no acquirer id, host, terminal or own-host incident of the other tenant. */
    private static void assertNothingOf(Tenant other, String what, String text) {
        List<String> secrets = new ArrayList<>(List.of(other.acquirer(), other.ownHost()));
        secrets.addAll(other.terminalIds());
        if (incidentOf.containsKey(other.ownHost())) {
            secrets.add(incidentOf.get(other.ownHost()));
        }
        assertThat(secrets.stream().filter(text::contains).toList())
                .as("%s names the other acquirer's data: %s", what, text)
                .isEmpty();
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return ContractJson.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + answer.body(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array == null) {
            return values;
        }
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        if (array == null) {
            return values;
        }
        array.forEach(value -> values.add(value.path(field).asText()));
        return values;
    }

    private static Set<String> ids(Collection<JsonNode> incidents) {
        return incidents.stream().map(i -> i.get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ISO week (2026-W47) of an instant in the report's zone. */
    private static String isoWeek(Instant at) {
        ZonedDateTime local = at.atZone(REPORT_ZONE);
        return String.format(
                "%d-W%02d", local.get(IsoFields.WEEK_BASED_YEAR), local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static void sql(String statement) throws SQLException {
        try (Connection postgres = DriverManager.getConnection(
                        "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/postgres", "postgres", "");
                Statement s = postgres.createStatement()) {
            s.execute(statement);
        }
    }

    private static void lap(String what) {
        System.out.printf("TenantIsolationIT %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
