package dev.posmon.alerting.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectorTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Midnight in Shanghai. */
    static final Instant DAY0 = Instant.parse("2026-10-31T16:00:00Z");

    private final Detector detector = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);

    /** A realistic daily shape: few sign-ons at night, a peak at shop opening; failures somewhat worse at night. */
    static double volumeFactor(int hour) {
        return hour < 6 ? 0.1 : hour < 8 ? 0.6 : hour < 10 ? 2.5 : hour < 21 ? 1.0 : 0.4;
    }

    static double failureRatio(double base, int hour) {
        return hour < 6 ? base * 2 : base;
    }

    @Test
    void longStationaryNoiseAtRealisticVolumesRaisesNoAnomaly() {
        Well19937c random = new Well19937c(20261126);
        // fleet, a large host, a province, a small province x carrier, a rare model x firmware
        String[] series = {
            "fleet", "host=H1", "province=440000", "province=650000,carrier=CTCC", "model=P9,firmware=FW-1"
        };
        int[] attemptsAtPeak = {20_000, 6_000, 1_500, 40, 12};
        double[] ratios = {0.02, 0.015, 0.025, 0.05, 0.08};
        int windows = 14 * 24 * 60;
        int judged = 0;
        int falsePositives = 0;
        for (int w = 0; w < windows; w++) {
            Instant start = DAY0.plus(Duration.ofMinutes(w));
            int hour = start.atZone(SHANGHAI).getHour();
            for (int s = 0; s < series.length; s++) {
                int attempts = Math.max(1, (int) Math.round(attemptsAtPeak[s] * volumeFactor(hour)));
                int failures = new BinomialDistribution(random, attempts, failureRatio(ratios[s], hour)).sample();
                Verdict verdict = detector.observe(series[s], start, attempts, failures);
                if (verdict.kind() != Verdict.Kind.WARMING_UP) {
                    judged++;
                }
                if (verdict.anomalous()) {
                    falsePositives++;
                }
            }
        }
        System.out.printf(
                "detector: %d false positives in %d judged windows over %d series (%d windows each)%n",
                falsePositives, judged, series.length, windows);
        assertThat(judged).isGreaterThan(10_000 * series.length);
        assertThat(falsePositives).isZero();
    }

    @ParameterizedTest(name = "a spike to ratio {0} over {1} attempts is {2}")
    @CsvSource({
        "0.90, 600, ANOMALOUS", // a host outage
        "0.30, 600, ANOMALOUS", // a partial outage
        "0.12, 600, ANOMALOUS", // a clear degradation
        "0.50, 40, ANOMALOUS", // a small province losing half its sign-ons
        "0.05, 600, NORMAL", // +3 points: within what is not worth a page
        "0.50, 12, LOW_VOLUME", // six failures of twelve: too small to judge
    })
    void detectsInjectedSpikesOfSeveralSizes(double spikeRatio, int attempts, Verdict.Kind expected) {
        Random random = new Random(7);
        warmUp("host=H2", 600, 0.02, random);
        Verdict verdict = detector.observe(
                "host=H2", DAY0.plus(Duration.ofMinutes(500)), attempts, Math.round(spikeRatio * attempts));
        assertThat(verdict.kind()).as(verdict.reason()).isEqualTo(expected);
    }

    @Test
    void theVolumeGuardKeepsSmallSeriesQuiet() {
        warmUp("province=540000", 25, 0.02, new Random(3));
        Verdict threeFailures = detector.observe("province=540000", DAY0.plus(Duration.ofMinutes(300)), 25, 3);
        assertThat(threeFailures.kind()).isEqualTo(Verdict.Kind.LOW_VOLUME);
        assertThat(threeFailures.reason()).contains("below the minimum volume");
        Verdict fewAttempts = detector.observe("province=540000", DAY0.plus(Duration.ofMinutes(301)), 20, 20);
        assertThat(fewAttempts.kind()).isEqualTo(Verdict.Kind.LOW_VOLUME);
    }

    @Test
    void anOutageDoesNotTeachTheBaselineThatOutagesAreNormal() {
        warmUp("host=H3", 800, 0.02, new Random(11));
        for (int minute = 0; minute < 90; minute++) {
            Verdict during = detector.observe("host=H3", DAY0.plus(Duration.ofMinutes(300 + minute)), 800, 720);
            assertThat(during.anomalous()).as("minute %d of the outage", minute).isTrue();
            assertThat(during.expectedRatio()).isLessThan(0.03);
        }
        Verdict after = detector.observe("host=H3", DAY0.plus(Duration.ofMinutes(400)), 800, 17);
        assertThat(after.kind()).isEqualTo(Verdict.Kind.NORMAL);
    }

    @Test
    void aDailyPeakLearnedOverSeveralDaysIsNormalAtItsHourButAnAnomalyAtAQuietHour() {
        // 2 % of sign-ons fail, but 10 % every morning from 09:00 to 10:00 (e.g. the shops' opening rush on a busy
        // host)
        Well19937c random = new Well19937c(9);
        int attempts = 600;
        Verdict firstMorning = null;
        for (int w = 0; w < 7 * 24 * 60; w++) {
            Instant start = DAY0.plus(Duration.ofMinutes(w));
            double ratio = start.atZone(SHANGHAI).getHour() == 9 ? 0.10 : 0.02;
            Verdict verdict = detector.observe(
                    "host=H9", start, attempts, new BinomialDistribution(random, attempts, ratio).sample());
            if (w == 9 * 60 + 30) {
                firstMorning = verdict;
            }
        }
        assertThat(firstMorning.kind())
                .as("the first morning, nothing is known of the peak: %s", firstMorning.reason())
                .isEqualTo(Verdict.Kind.ANOMALOUS);
        Instant day7 = DAY0.plus(Duration.ofDays(7));
        Verdict usualPeak = detector.observe("host=H9", day7.plus(Duration.ofMinutes(9 * 60 + 30)), attempts, 60);
        assertThat(usualPeak.kind())
                .as("10 %% at 09:30, as every morning: %s", usualPeak.reason())
                .isEqualTo(Verdict.Kind.NORMAL);
        assertThat(usualPeak.expectedRatio()).isCloseTo(0.10, Offset.offset(0.02));
        Verdict quietHour = detector.observe("host=H9", day7.plus(Duration.ofMinutes(15 * 60 + 30)), attempts, 60);
        assertThat(quietHour.kind())
                .as("10 %% at 15:30, where 2 %% is usual: %s", quietHour.reason())
                .isEqualTo(Verdict.Kind.ANOMALOUS);
        assertThat(quietHour.expectedRatio()).isLessThan(0.03);
    }

    /** Seven days of a series at 600 attempts a window, failing at the ratio {@code shape} gives for each window start. */
    private void week(String series, ToDoubleFunction<Instant> shape, long seed) {
        Well19937c random = new Well19937c(seed);
        for (int w = 0; w < 7 * 24 * 60; w++) {
            Instant start = DAY0.plus(Duration.ofMinutes(w));
            detector.observe(
                    series, start, 600, new BinomialDistribution(random, 600, shape.applyAsDouble(start)).sample());
        }
    }

    @Test
    void oneBadMorningIsNotADailyShape() {
        Instant badMorning = DAY0.plus(Duration.ofDays(4));
        week(
                "host=H10",
                start -> start.atZone(SHANGHAI).getHour() == 9
                                && start.isAfter(badMorning)
                                && start.isBefore(badMorning.plus(Duration.ofDays(1)))
                        ? 0.12
                        : 0.02,
                10);
        Verdict verdict = detector.observe(
                "host=H10", DAY0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(9 * 60 + 30)), 600, 72);
        assertThat(verdict.kind()).as(verdict.reason()).isEqualTo(Verdict.Kind.ANOMALOUS);
    }

    @Test
    void aDegradationAtEveryHourForDaysStaysAnAnomaly() {
        Instant shift = DAY0.plus(Duration.ofDays(2));
        week("host=H11", start -> start.isBefore(shift) ? 0.02 : 0.10, 11);
        Verdict verdict = detector.observe(
                "host=H11", DAY0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(9 * 60 + 30)), 600, 60);
        assertThat(verdict.kind())
                .as("five days of 10 %% at every hour are not the normal of any hour: %s", verdict.reason())
                .isEqualTo(Verdict.Kind.ANOMALOUS);
        assertThat(verdict.expectedRatio()).isLessThan(0.03);
    }

    @Test
    void aDailyOutageAboveTheSeasonCeilingKeepsPaging() {
        // an undeclared cut-over: 95 % of sign-ons fail from 23:00 to 23:20 every night
        week(
                "host=H12",
                start -> start.atZone(SHANGHAI).getHour() == 23
                                && start.atZone(SHANGHAI).getMinute() < 20
                        ? 0.95
                        : 0.02,
                12);
        Verdict verdict = detector.observe(
                "host=H12", DAY0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(23 * 60 + 5)), 600, 570);
        assertThat(verdict.kind()).as(verdict.reason()).isEqualTo(Verdict.Kind.ANOMALOUS);
        Verdict after = detector.observe(
                "host=H12", DAY0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(23 * 60 + 40)), 600, 60);
        assertThat(after.kind())
                .as("the rest of the hour is not desensitised by the cut-over: %s", after.reason())
                .isEqualTo(Verdict.Kind.ANOMALOUS);
    }

    @Test
    void aNewSeriesIsWarmingUpBeforeItIsJudged() {
        Verdict first = detector.observe("host=NEW", DAY0, 1000, 900);
        assertThat(first.kind()).isEqualTo(Verdict.Kind.WARMING_UP);
    }

    @Test
    void theBinomialTailIsRight() {
        assertThat(Detector.upperTail(10, 0, 0.5)).isEqualTo(1.0);
        assertThat(Detector.upperTail(10, 10, 0.5)).isCloseTo(1.0 / 1024, Offset.offset(1e-12));
        assertThat(Detector.upperTail(1000, 900, 0.02)).isLessThan(1e-100);
    }

    private void warmUp(String series, int attempts, double ratio, Random random) {
        for (int w = 0; w < 200; w++) {
            long failures = 0;
            for (int i = 0; i < attempts; i++) {
                failures += random.nextDouble() < ratio ? 1 : 0;
            }
            detector.observe(series, DAY0.plus(Duration.ofMinutes(w)), attempts, failures);
        }
    }
}
