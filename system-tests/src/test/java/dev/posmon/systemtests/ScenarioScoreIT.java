package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.simulator.Runner;
import dev.posmon.simulator.io.AlertingClient;
import dev.posmon.simulator.io.CubeWatch;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import dev.posmon.simulator.score.Coverage;
import dev.posmon.simulator.score.Score;
import dev.posmon.testing.PosmonScript;
import dev.posmon.testing.PostgresTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CI-sized scenario set ({@code simulator/scenarios/ci}) through the whole packaged pipeline: the
 * simulator registers 20,000 terminals through ingest's API, declares the planned maintenance through
 * alerting's, and plays an accelerated morning with a host outage, a planned maintenance, a province's network
 * outage, an unannounced maintenance, one carrier's outage in a province, a firmware defect, an unannounced
 * maintenance answering 90 and 96, that carrier's works announced in its notice calendar (an iCalendar the
 * simulator uploads: planned, no page), a retry storm, a display wave and an app release's defect; alerting's incidents are scored strictly against the ground truth (only an
 * incident that names the truth's terminals counts). Own broker, own Kafka Streams application id, own consumer
 * group, own database.
 */
@ExtendWith(SystemBroker.class)
class ScenarioScoreIT {

    /** Until the cube has closed the scenario's windows (analytics' first window closes are slow on a busy machine). */
    private static final Duration CUBE_CAUGHT_UP = Duration.ofMinutes(4);

    private static final Duration SETTLED = Duration.ofMinutes(2);

    private static String run;
    private static String adminToken;
    private static String applicationId;
    private static String database;
    private static ServiceProcess ingest;
    private static ServiceProcess analytics;
    private static ServiceProcess alerting;

    @BeforeAll
    static void startServices() throws SQLException {
        run = UUID.randomUUID().toString().substring(0, 8);
        adminToken = UUID.randomUUID().toString();
        applicationId = "posmon-analytics-sim-" + run;
        database = "posmon_sim_" + run;
        PostgresTestResource.ensureDatabase();
        sql("CREATE DATABASE " + database);
        String bootstrap = SystemBroker.bootstrap();
        ingest = ServiceProcess.startIngest(run, bootstrap, adminToken);
        analytics = ServiceProcess.startAnalytics(
                run,
                bootstrap,
                adminToken,
                applicationId,
                ServiceProcess.targetDir().resolve("analytics-state-" + run),
                Duration.ofSeconds(30));
        alerting = ServiceProcess.startAlerting(run, bootstrap, adminToken, database, "posmon-alerting-sim-" + run);
        ingest.awaitReady();
        alerting.awaitReady();
        analytics.awaitStreamsRunning();
    }

    @AfterAll
    static void stopServices() throws SQLException {
        try {
            ServiceProcess.closeAll(ingest, analytics, alerting);
        } finally {
            SystemBroker.deleteInternalTopics(applicationId);
            SystemBroker.deleteRecursively(ServiceProcess.targetDir().resolve("analytics-state-" + run));
            sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void ciScenariosScoreAtLeastPointNineExactPrecisionAndRecallWithoutQuietPages() throws IOException {
        Scenario scenario = Scenario.load(PosmonScript.root().resolve("simulator/scenarios/ci/ci-day.yaml"));
        AlertingClient alertingApi = new AlertingClient(alerting.uri("/"), adminToken);
        Path out = ServiceProcess.targetDir().resolve("scenario-score-" + run);
        List<GroundTruth> runs;
        Runner runner;
        Instant lastWindowEnd;
        try (IngestClient client = new IngestClient(ingest.uri("/"), adminToken);
                CubeWatch cube = new CubeWatch(SystemBroker.bootstrap())) {
            runner = new Runner(client, alertingApi, System.out, Clock.systemUTC());
            runs = runner.play(
                    List.of(scenario),
                    Runner.timelineStart(List.of(scenario), Instant.now(), Duration.ofMinutes(10), null),
                    out);
            lastWindowEnd = runs.get(0).simEnd().minus(Duration.ofMinutes(1));
            await("the cube closes the scenario's windows")
                    .atMost(CUBE_CAUGHT_UP)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        cube.poll(Duration.ofMillis(500));
                        return cube.latestWindowEnd() != null
                                && !cube.latestWindowEnd().isBefore(lastWindowEnd);
                    });
        }
        // The pipeline runs a minute or more behind a 90x scenario, so alerting may still be judging a backlog of
        // windows
        // when the scenario ends: "no incident open" alone would be true between two of them.
        await("alerting has judged every window of the scenario")
                .atMost(SETTLED)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !alertingApi.judgedUpTo().isBefore(lastWindowEnd));
        await("alerting's incidents resolved")
                .atMost(SETTLED)
                .during(Duration.ofSeconds(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Runner.allResolved(runs, alertingApi.incidents()));
        List<IncidentRecord> incidents = alertingApi.incidents();
        Files.writeString(
                out.resolve("incidents.json"),
                dev.posmon.contract.json.ContractJson.mapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(incidents));
        Score.Result result = Score.score(runs, incidents);
        System.out.print(Score.table(result));
        Score.write(result, out.resolve("score.json"));

        assertThat(runner.rejected()).as("events ingest rejected").isZero();
        assertThat(result.truths()).isEqualTo(11);
        assertThat(runs.get(0).truths())
                .as("the terminals each disruption made fail")
                .allSatisfy(t -> {
                    assertThat(t.affectedTerminals()).isPositive();
                    assertThat(t.stillFailingTerminals()).isBetween(0, t.affectedTerminals());
                });
        assertThat(result.precision()).as("precision\n" + Score.table(result)).isGreaterThanOrEqualTo(0.9);
        assertThat(result.recall()).as("recall\n" + Score.table(result)).isGreaterThanOrEqualTo(0.9);
        assertKind(
                result,
                "guangdong-cmcc-works",
                "PLANNED_MAINTENANCE",
                "the carrier's works announced in its notice calendar are planned, and page nobody");
        assertKind(
                result,
                "ing-219-retry-storm",
                "LOOP_WAVE",
                "terminals of one firmware retrying in a loop are a loop wave");
        assertKind(
                result,
                "h3-wrong-merchant-names",
                "DISPLAY_WAVE",
                "a host's terminals stopping on another merchant's name are a display wave");
        assertKind(
                result,
                "app-337-defect",
                "SOFTWARE_DEFECT",
                "an app release failing on every model is a software defect");
        assertThat(result.rows())
                .as("the app release's defect is located by its version\n" + Score.table(result))
                .filteredOn(row -> row.truth().equals("app-337-defect"))
                .singleElement()
                .satisfies(row -> assertThat(row.fit()).isEqualTo(Coverage.Fit.EXACT));
        assertThat(result.quietPages())
                .as("pages in quiet periods\n" + Score.table(result))
                .isZero();
        assertThat(result.rows())
                .as("one incident per disruption: a second one is a second page\n" + Score.table(result))
                .allSatisfy(row -> assertThat(row.hitBy()).as(row.truth()).isLessThanOrEqualTo(1));
        // the incident counts every terminal of its scope that failed in its anomalous windows, the truth only those
        // the
        // disruption made fail: a little above it (background failures), never the largest window's count alone
        assertThat(result.rows())
                .as("distinct affected terminals against the simulator's own count\n" + Score.table(result))
                .filteredOn(row -> row.fit() == Coverage.Fit.EXACT)
                .allSatisfy(
                        row -> assertThat(row.affectedError()).as(row.truth()).isBetween(-0.2, 0.3));
    }

    private static void sql(String statement) throws SQLException {
        try (Connection admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + PostgresTestResource.HOST_PORT + "/postgres", "postgres", "");
                Statement s = admin.createStatement()) {
            s.execute(statement);
        }
    }

    /** The truth was detected as exactly one incident of that kind. */
    private static void assertKind(Score.Result result, String truth, String kind, String why) {
        assertThat(result.rows())
                .as(why + "\n" + Score.table(result))
                .filteredOn(row -> row.truth().equals(truth))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.detected()).isTrue();
                    assertThat(row.kind()).isEqualTo(kind);
                });
    }
}
