package dev.posmon.simulator.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.simulator.SimClock;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.GroundTruth.Truth;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static Truth truth(String id, String kind, Map<String, String> scope, int from, int to, boolean pages) {
        return new Truth(id, "x", kind, scope, at(from), at(to), pages, null, null, null);
    }

    private static IncidentRecord incident(String id, String kind, Map<String, String> scope, int onsetMinute, int detectedWallSecond) {
        return new IncidentRecord(id, kind, "RESOLVED", scope, at(onsetMinute), CLOCK.wallStart().plusSeconds(detectedWallSecond), at(onsetMinute + 20),
                100, 500, Map.of(), "act", 0, List.of());
    }

    private static final GroundTruth RUN = new GroundTruth("day", 1, 1000, 0, 0, T0, at(300), at(30), CLOCK, List.of(
            truth("outage", "HOST_OUTAGE", Map.of("host", "H2"), 40, 50, true),
            truth("planned", "PLANNED_MAINTENANCE", Map.of("host", "H3"), 70, 85, false),
            truth("network", "NETWORK_OUTAGE", Map.of("province", "440000"), 100, 110, true),
            truth("freeze", "MERCHANT_ACCOUNT_WAVE", Map.of("province", "320000"), 150, 170, false)));

    @Test
    void matchesIncidentsToTruthsByScopeAndTime() {
        List<IncidentRecord> incidents = List.of(
                // right kind, exact scope, first anomalous window 40-41: event-time delay 60 s; detected at wall +42 s = sim 42 min: 120 s
                incident("i1", "HOST_OUTAGE", Map.of("host", "H2"), 40, 42),
                // right kind, scope narrower than the truth's (related): a hit, not exact
                incident("i2", "PLANNED_MAINTENANCE", Map.of("host", "H3", "province", "440000"), 71, 73),
                // the network outage found as something else: detected, kind wrong
                incident("i3", "OTHER", Map.of("province", "440000"), 102, 104),
                // a page in a quiet period
                incident("i4", "SOFTWARE_DEFECT", Map.of("firmware", "PAX-7.1.0"), 200, 201),
                // during the outage but of an unrelated scope, not paging: false, not quiet
                incident("i5", "OTHER", Map.of("host", "H4"), 42, 43),
                // in the warm-up: not scored
                incident("i0", "HOST_OUTAGE", Map.of("host", "H1"), 10, 11));

        Score.Result result = Score.score(List.of(RUN), incidents);

        assertThat(result.scoredIncidents()).isEqualTo(5);
        assertThat(result.hittingIncidents()).isEqualTo(3);
        assertThat(result.precision()).isEqualTo(3 / 5.0);
        assertThat(result.detectedTruths()).isEqualTo(3);
        assertThat(result.recall()).isEqualTo(3 / 4.0);
        assertThat(result.kindAccuracy()).isEqualTo(2 / 3.0);
        assertThat(result.exactScope()).isEqualTo(2 / 3.0);
        assertThat(result.falsePages()).isEqualTo(1);
        assertThat(result.quietPages()).isEqualTo(1);
        assertThat(result.falseIncidents()).extracting(Score.FalseIncident::id).containsExactly("i5", "i4");
        Score.Row outage = result.rows().get(0);
        assertThat(outage.incidentId()).isEqualTo("i1");
        assertThat(outage.delayEventSeconds()).isEqualTo(60.0);
        assertThat(outage.delaySimClockSeconds()).isEqualTo(120.0);
        assertThat(result.rows().get(3).detected()).isFalse();
        // event-time delays 60, 120, 180 s
        assertThat(result.delayEventP50Seconds()).isEqualTo(120.0);
        assertThat(result.delayEventP95Seconds()).isEqualTo(180.0);
        assertThat(Score.table(result)).contains("precision 0.600", "recall 0.750", "PAGED IN A QUIET PERIOD");
    }

    @Test
    void anIncidentTooLongAfterTheEndOrBeforeTheOnsetDoesNotHit() {
        Truth outage = RUN.truths().get(0);
        assertThat(Score.hits(incident("a", "HOST_OUTAGE", Map.of("host", "H2"), 38, 0), outage)).isTrue();
        assertThat(Score.hits(incident("b", "HOST_OUTAGE", Map.of("host", "H2"), 37, 0), outage)).isFalse();
        assertThat(Score.hits(incident("c", "HOST_OUTAGE", Map.of("host", "H2"), 55, 0), outage)).isTrue();
        assertThat(Score.hits(incident("d", "HOST_OUTAGE", Map.of("host", "H2"), 56, 0), outage)).isFalse();
        assertThat(Score.hits(incident("e", "HOST_OUTAGE", Map.of("host", "H1"), 41, 0), outage)).isFalse();
    }

    @Test
    void aPerfectRunScoresOneAndTheResultIsWrittenAsJson(@TempDir Path dir) throws Exception {
        List<IncidentRecord> incidents = RUN.truths().stream()
                .map(t -> incident("i-" + t.id(), t.kind(), t.scope(), (int) (java.time.Duration.between(T0, t.onset()).toMinutes()), 60))
                .toList();
        Score.Result result = Score.score(List.of(RUN), incidents);
        assertThat(result.precision()).isEqualTo(1.0);
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.kindAccuracy()).isEqualTo(1.0);
        assertThat(result.exactScope()).isEqualTo(1.0);
        assertThat(result.quietPages()).isZero();
        Score.write(result, dir.resolve("score.json"));
        assertThat(Files.readString(dir.resolve("score.json"))).contains("\"precision\" : 1.0", "\"delayEventP95Seconds\" : 60.0");
    }
}
