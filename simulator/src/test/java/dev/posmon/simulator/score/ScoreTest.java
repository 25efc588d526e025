package dev.posmon.simulator.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.simulator.SimClock;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.GroundTruth.Truth;
import dev.posmon.simulator.score.Coverage.Fit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    /** Simulated 00:00 at wall 12:00, 60 simulated seconds per wall second. */
    private static final SimClock CLOCK = new SimClock(T0, Instant.parse("2026-11-26T12:00:00Z"), 60);

    private static Instant at(int minute) {
        return T0.plusSeconds(60L * minute);
    }

    private static Truth truth(
            String id, String kind, Map<String, String> scope, int from, int to, boolean pages, Integer affected) {
        return new Truth(
                id, "x", kind, scope, at(from), at(to), pages, null, affected, affected == null ? null : affected / 2);
    }

    private static IncidentRecord incident(
            String id, String kind, Map<String, String> scope, int onsetMinute, int detectedWallSecond) {
        return incident(id, kind, scope, onsetMinute, detectedWallSecond, 100);
    }

    private static IncidentRecord incident(
            String id,
            String kind,
            Map<String, String> scope,
            int onsetMinute,
            int detectedWallSecond,
            long affectedTerminals) {
        return new IncidentRecord(
                id,
                kind,
                "RESOLVED",
                scope,
                at(onsetMinute),
                CLOCK.wallStart().plusSeconds(detectedWallSecond),
                null,
                at(onsetMinute + 20),
                affectedTerminals,
                0,
                500,
                Map.of(),
                "act",
                0,
                List.of());
    }

    private static GroundTruth run(Truth... truths) {
        return new GroundTruth("day", 1, 2000, 0, 0, T0, at(300), at(30), CLOCK, List.of(truths));
    }

    private static final GroundTruth RUN = run(
            truth("outage", "HOST_OUTAGE", Map.of("host", "H2"), 40, 50, true, 400),
            truth("planned", "PLANNED_MAINTENANCE", Map.of("host", "H3"), 70, 85, false, 350),
            truth("network", "NETWORK_OUTAGE", Map.of("province", "440000"), 100, 110, true, 250),
            truth("freeze", "MERCHANT_ACCOUNT_WAVE", Map.of("province", "320000"), 150, 170, false, 30));

    @Test
    void countsOnlyExactHitsInPrecisionAndRecall() {
        List<IncidentRecord> incidents = List.of(
                // right kind, exact scope, first anomalous window 40-41: event-time delay 60 s; detected at wall +42 s
                // = sim 42 min: 120 s
                incident("i1", "HOST_OUTAGE", Map.of("host", "H2"), 40, 42, 420),
                // right kind, scope narrower than the truth's: the truth is hit narrower, the incident is inexact
                incident("i2", "PLANNED_MAINTENANCE", Map.of("host", "H3", "province", "440000"), 71, 73),
                // the network outage found as something else: exact, kind wrong
                incident("i3", "OTHER", Map.of("province", "440000"), 102, 104),
                // a page in a quiet period
                incident("i4", "SOFTWARE_DEFECT", Map.of("firmware", "PAX-7.1.0"), 200, 201),
                // during the outage but of an unrelated scope, not paging: false, not quiet
                incident("i5", "OTHER", Map.of("host", "H4"), 42, 43),
                // in the warm-up: not scored
                incident("i0", "HOST_OUTAGE", Map.of("host", "H1"), 10, 11));

        Score.Result result = Score.score(List.of(RUN), incidents);

        assertThat(result.scoredIncidents()).isEqualTo(5);
        assertThat(result.exactIncidents()).isEqualTo(2);
        assertThat(result.hittingIncidents()).isEqualTo(3);
        assertThat(result.precision()).isEqualTo(2 / 5.0);
        assertThat(result.rows())
                .extracting(Score.Row::fit)
                .containsExactly(Fit.EXACT, Fit.NARROWER, Fit.EXACT, Fit.MISSED);
        assertThat(List.of(result.exact(), result.wider(), result.narrower(), result.missed()))
                .containsExactly(2, 0, 1, 1);
        assertThat(result.recall()).isEqualTo(2 / 4.0);
        assertThat(result.kindAccuracy()).isEqualTo(2 / 3.0);
        assertThat(result.falsePages()).isEqualTo(1);
        assertThat(result.quietPages()).isEqualTo(1);
        assertThat(result.inexactIncidents()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("i2");
            assertThat(i.truth()).isEqualTo("planned");
            assertThat(i.fit()).isEqualTo(Fit.NARROWER);
        });
        assertThat(result.falseIncidents()).extracting(Score.FalseIncident::id).containsExactly("i5", "i4");
        Score.Row outage = result.rows().get(0);
        assertThat(outage.incidentId()).isEqualTo("i1");
        assertThat(outage.delayEventSeconds()).isEqualTo(60.0);
        assertThat(outage.delaySimClockSeconds()).isEqualTo(120.0);
        assertThat(result.rows().get(3).detected()).isFalse();
        // event-time delays 60, 120, 180 s
        assertThat(result.delayEventP50Seconds()).isEqualTo(120.0);
        assertThat(result.delayEventP95Seconds()).isEqualTo(180.0);
        assertThat(Score.table(result))
                .contains(
                        "precision 0.400",
                        "recall 0.500",
                        "exact 2, wider 0, narrower 1, missed 1",
                        "PAGED IN A QUIET PERIOD",
                        "inexact incident i2",
                        "planned NARROWER: ");
    }

    @Test
    void aFirmwareDefectNamedWithItsOnlyModelIsAnExactHit() {
        GroundTruth run = run(truth("defect", "SOFTWARE_DEFECT", Map.of("firmware", "PAX-7.3.9"), 40, 55, true, 120));
        Score.Result result = Score.score(
                List.of(run),
                List.of(incident("i1", "SOFTWARE_DEFECT", Map.of("model", "A920", "firmware", "PAX-7.3.9"), 41, 60)));
        assertThat(result.rows()).singleElement().extracting(Score.Row::fit).isEqualTo(Fit.EXACT);
        assertThat(result.precision()).isEqualTo(1.0);
        assertThat(result.recall()).isEqualTo(1.0);
    }

    @Test
    void aCarrierOutageNamedAsItsProvinceIsWiderAndCountsAgainstBothFigures() {
        GroundTruth run = run(
                truth("carrier", "NETWORK_OUTAGE", Map.of("province", "440000", "carrier", "CMCC"), 40, 50, true, 90));
        Score.Result result = Score.score(
                List.of(run), List.of(incident("i1", "NETWORK_OUTAGE", Map.of("province", "440000"), 41, 60)));
        assertThat(result.rows()).singleElement().satisfies(row -> {
            assertThat(row.fit()).isEqualTo(Fit.WIDER);
            assertThat(row.detected()).isTrue();
            assertThat(row.kindRight()).isTrue();
            assertThat(row.fitReason()).startsWith("the truth's ");
        });
        assertThat(result.precision()).isZero();
        assertThat(result.recall()).isZero();
        assertThat(result.kindAccuracy()).isEqualTo(1.0);
        assertThat(result.falsePages()).isZero();
        assertThat(Score.table(result)).contains("WIDER", "inexact incident i1", "wider than carrier");
    }

    @Test
    void aTruthTakesItsBestFitAndTheIncidentOfItsExpectedKind() {
        GroundTruth run = run(truth("outage", "HOST_OUTAGE", Map.of("host", "H2"), 40, 50, true, 400));
        Score.Result result = Score.score(
                List.of(run),
                List.of(
                        incident("narrow", "HOST_OUTAGE", Map.of("host", "H2", "carrier", "CMCC"), 40, 42),
                        incident("exact-other-kind", "HOST_MAINTENANCE", Map.of("host", "H2"), 41, 43),
                        incident("exact", "HOST_OUTAGE", Map.of("host", "H2"), 42, 44)));
        Score.Row row = result.rows().get(0);
        assertThat(row.fit()).isEqualTo(Fit.EXACT);
        assertThat(row.incidentId()).isEqualTo("exact");
        // the delay is the earliest incident of the expected kind's, whatever its fit
        assertThat(row.delayEventSeconds()).isEqualTo(60.0);
        assertThat(result.exactIncidents()).isEqualTo(2);
        assertThat(result.precision()).isEqualTo(2 / 3.0);
        assertThat(row.hitBy()).isEqualTo(3);
        assertThat(result.duplicateIncidents()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("exact-other-kind");
            assertThat(d.classedBy()).isEqualTo("exact HOST_OUTAGE");
        });
        assertThat(Score.table(result))
                .contains("duplicate incident exact-other-kind HOST_MAINTENANCE", "duplicates 1");
    }

    @Test
    void comparesTheAffectedTerminalsOfTheTruthAndOfTheIncident() {
        Score.Result result =
                Score.score(List.of(RUN), List.of(incident("i1", "HOST_OUTAGE", Map.of("host", "H2"), 40, 42, 420)));
        Score.Row outage = result.rows().get(0);
        assertThat(outage.affectedTruth()).isEqualTo(400);
        assertThat(outage.stillFailingTruth()).isEqualTo(200);
        assertThat(outage.affectedIncident()).isEqualTo(420L);
        assertThat(outage.affectedError()).isEqualTo(0.05);
        assertThat(result.rows().get(1).affectedIncident()).isNull();
        assertThat(Score.table(result)).containsPattern("outage +EXACT +1 .* 400 +420 +\\+5% +200 ");
    }

    @Test
    void anIncidentTooLongAfterTheEndOrBeforeTheOnsetDoesNotHit() {
        GroundTruth run = run(RUN.truths().get(0));
        assertThat(fitOf(run, 38)).isEqualTo(Fit.EXACT);
        assertThat(fitOf(run, 37)).isEqualTo(Fit.MISSED);
        assertThat(fitOf(run, 55)).isEqualTo(Fit.EXACT);
        assertThat(fitOf(run, 56)).isEqualTo(Fit.MISSED);
    }

    private static Fit fitOf(GroundTruth run, int onsetMinute) {
        return Score.score(List.of(run), List.of(incident("a", "HOST_OUTAGE", Map.of("host", "H2"), onsetMinute, 0)))
                .rows()
                .get(0)
                .fit();
    }

    @Test
    void aPerfectRunScoresOneAndTheResultIsWrittenAsJson(@TempDir Path dir) throws Exception {
        List<IncidentRecord> incidents = RUN.truths().stream()
                .map(t -> incident(
                        "i-" + t.id(),
                        t.kind(),
                        t.scope(),
                        (int) Duration.between(T0, t.onset()).toMinutes(),
                        60))
                .toList();
        Score.Result result = Score.score(List.of(RUN), incidents);
        assertThat(result.precision()).isEqualTo(1.0);
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.kindAccuracy()).isEqualTo(1.0);
        assertThat(result.exact()).isEqualTo(4);
        assertThat(result.quietPages()).isZero();
        Score.write(result, dir.resolve("score.json"));
        assertThat(Files.readString(dir.resolve("score.json")))
                .contains(
                        "\"precision\" : 1.0",
                        "\"delayEventP95Seconds\" : 60.0",
                        "\"fit\" : \"EXACT\"",
                        "\"affectedTruth\" : 400");
    }
}
