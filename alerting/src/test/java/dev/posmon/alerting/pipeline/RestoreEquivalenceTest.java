package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.detect.DetectorSettings;
import dev.posmon.alerting.detect.Verdict;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.LocalizerSettings;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What a restarted or standby replica does before its first live window — restore the detector's snapshot and replay
 * the windows judged since — leaves it judging exactly as a replica that never stopped: the same verdicts, with the
 * same expected ratios, on every following window, daily shapes included.
 */
class RestoreEquivalenceTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-11-20T16:00:00Z");

    static List<CubeCell> window(int minute, Random random, boolean outage) {
        Instant start = T0.plus(Duration.ofMinutes(minute));
        int hour = start.atZone(SHANGHAI).getHour();
        // a daily peak of failures from 09:00 to 10:00, learned as the hour's normal after a few days
        double base = hour == 9 ? 0.08 : 0.02;
        List<CubeCell> cells = new ArrayList<>();
        for (String province : new String[] {"110000", "440000", "510000"}) {
            for (String host : new String[] {"H1", "H2"}) {
                long attempts = 40 + random.nextInt(20);
                double ratio = outage && host.equals("H2") ? 0.9 : base;
                long failures = Math.round(attempts * ratio * (0.5 + random.nextDouble()));
                failures = Math.min(failures, attempts);
                cells.add(new CubeCell(
                        start,
                        start.plusSeconds(60),
                        province,
                        host,
                        "CMCC",
                        "P2000",
                        "FW-1",
                        attempts,
                        attempts - failures,
                        failures,
                        Map.of(Cause.HOST_UNAVAILABLE, failures),
                        failures,
                        Map.of("91", failures)));
            }
        }
        return cells;
    }

    static WindowAnalysis analysis() {
        return new WindowAnalysis(
                new Detector(DetectorSettings.DEFAULTS, SHANGHAI), new Localizer(LocalizerSettings.DEFAULTS));
    }

    @Test
    void aReplicaRestoredFromSnapshotAndReplayJudgesEveryLaterWindowAsTheUninterruptedOne() {
        int history = 4 * 24 * 60;
        int sinceSnapshot = 37;
        int after = 180;
        Random random = new Random(7);
        List<List<CubeCell>> windows = new ArrayList<>();
        for (int m = 0; m < history + after; m++) {
            windows.add(window(m, random, m >= history + 20 && m < history + 60));
        }
        Detector uninterruptedDetector = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
        WindowAnalysis uninterrupted =
                new WindowAnalysis(uninterruptedDetector, new Localizer(LocalizerSettings.DEFAULTS));
        Detector restartedDetector = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
        WindowAnalysis restarted = new WindowAnalysis(restartedDetector, new Localizer(LocalizerSettings.DEFAULTS));

        byte[] snapshot = null;
        List<WindowAnalysis.SeriesTotal>[] journal = new List[history];
        for (int m = 0; m < history; m++) {
            List<CubeCell> cells = windows.get(m);
            journal[m] = WindowAnalysis.series(cells);
            uninterrupted.analyze(cells.get(0).windowStart(), cells.get(0).windowEnd(), cells, journal[m]);
            if (m == history - sinceSnapshot - 1) {
                snapshot = uninterruptedDetector.snapshot();
            }
        }
        // the restarted replica: snapshot, then the windows journaled since, in order
        restartedDetector.restore(snapshot);
        for (int m = history - sinceSnapshot; m < history; m++) {
            restarted.replay(
                    windows.get(m).get(0).windowStart(),
                    PipelineStore.readSeries(PipelineStore.writeSeries(journal[m])));
        }

        int anomalous = 0;
        for (int m = history; m < history + after; m++) {
            List<CubeCell> cells = windows.get(m);
            WindowAnalysis.Result expected = uninterrupted.analyze(
                    cells.get(0).windowStart(), cells.get(0).windowEnd(), cells);
            WindowAnalysis.Result actual =
                    restarted.analyze(cells.get(0).windowStart(), cells.get(0).windowEnd(), cells);
            assertThat(actual.anomalies()).as("window %d", m).isEqualTo(expected.anomalies());
            assertThat(actual.findings()).as("window %d", m).isEqualTo(expected.findings());
            anomalous += expected.anomalies().isEmpty() ? 0 : 1;
            assertThat(actual.anomalies()).extracting(a -> a.verdict().kind()).doesNotContain(Verdict.Kind.WARMING_UP);
        }
        assertThat(anomalous)
                .as("the outage after the restart is seen, by both")
                .isGreaterThanOrEqualTo(30);
        assertThat(uninterruptedDetector.snapshot())
                .as("and both end with the same learned state")
                .isEqualTo(restartedDetector.snapshot());
    }

    @Test
    void aSnapshotOfAnotherFormatIsRefusedNotMisread() {
        Detector detector = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
        detector.observe("fleet", T0, 100, 2);
        byte[] snapshot = detector.snapshot();
        Detector other = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
        other.restore(snapshot);
        assertThat(other.series()).isEqualTo(1);
        byte[] garbage = "not a snapshot".getBytes(StandardCharsets.UTF_8);
        Assertions.assertThatThrownBy(() -> other.restore(garbage)).isInstanceOf(IllegalArgumentException.class);
        assertThat(other.series()).as("a refused snapshot changes nothing").isEqualTo(1);
    }
}
