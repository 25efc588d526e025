package dev.posmon.alerting.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Judges each series (whole fleet, a host, a province, province × carrier, model × firmware, host ×
 * province…) window by window against its own learned baseline, daily shape included: an anomaly is a
 * failure count whose binomial upper tail under the baseline ratio is below the significance, with enough
 * volume, and a ratio clearly above the baseline. Plain class; the series key is the caller's (e.g. {@code host=H1}).
 */
public final class Detector {

    private final DetectorSettings settings;
    private final ZoneId seasonZone;
    private final Map<String, Baseline> baselines = new HashMap<>();
    /** Bumped whenever {@link Baseline}'s written form changes: an older snapshot is refused, not misread. */
    private static final int SNAPSHOT_FORMAT = 1;

    /** @param seasonZone the zone whose hour of day the daily seasonality follows (the fleet's) */
    public Detector(DetectorSettings settings, ZoneId seasonZone) {
        this.settings = settings;
        this.seasonZone = seasonZone;
    }

    /**
     * Judges one window of one series, then learns from it unless it was anomalous; every window not failing above
     * the season ceiling also counts toward the daily shape, anomalous or not (a peak that recurs at the same hour
     * on several days is learned as the hour's normal; one that does not recur is not).
     */
    public Verdict observe(String series, Instant windowStart, long attempts, long failures) {
        Baseline baseline = baselines.computeIfAbsent(series, s -> new Baseline(settings.halfLifeWindows()));
        ZonedDateTime local = windowStart.atZone(seasonZone);
        int hour = local.getHour();
        long day = local.toLocalDate().toEpochDay();
        Verdict verdict = judge(baseline, day, hour, attempts, failures);
        boolean aboveCeiling = attempts >= settings.minAttempts() && failures > settings.seasonCeiling() * attempts;
        if (!aboveCeiling) {
            baseline.count(day, hour, attempts, failures);
        }
        if (verdict.kind() != Verdict.Kind.ANOMALOUS) {
            baseline.learn(hour, attempts, failures);
        }
        return verdict;
    }

    /**
     * Judges counts of a window that is still open (the early judgement of a total outage) against the series' baseline,
     * without learning anything: the window is observed once, when it closes. A series never seen is WARMING_UP.
     */
    public Verdict peek(String series, Instant windowStart, long attempts, long failures) {
        Baseline baseline = baselines.get(series);
        if (baseline == null) {
            return new Verdict(Verdict.Kind.WARMING_UP, "never seen", attempts, failures, 0, 1);
        }
        ZonedDateTime local = windowStart.atZone(seasonZone);
        return judge(baseline, local.toLocalDate().toEpochDay(), local.getHour(), attempts, failures);
    }

    private Verdict judge(Baseline baseline, long day, int hour, long attempts, long failures) {
        double expected = baseline.expectedRatio(day, hour, settings);
        if (baseline.windows() < settings.warmUpWindows()) {
            return new Verdict(
                    Verdict.Kind.WARMING_UP,
                    "seen " + baseline.windows() + " of " + settings.warmUpWindows() + " windows",
                    attempts,
                    failures,
                    expected,
                    1);
        }
        return assess(attempts, failures, expected);
    }

    /**
     * Whether a scope's counts would be an anomaly against an expected ratio: the volume, lift and significance
     * tests of a series, without a baseline of its own and without learning. For the scopes the localizer names.
     */
    public Verdict judgeScope(long attempts, long failures, double expectedRatio) {
        return assess(attempts, failures, Math.max(expectedRatio, settings.ratioFloor()));
    }

    private Verdict assess(long attempts, long failures, double expected) {
        if (attempts < settings.minAttempts() || failures < settings.minFailures()) {
            return new Verdict(
                    Verdict.Kind.LOW_VOLUME,
                    attempts + " attempts, " + failures + " failures: below the minimum volume ("
                            + settings.minAttempts() + " attempts, " + settings.minFailures() + " failures)",
                    attempts,
                    failures,
                    expected,
                    1);
        }
        double observed = (double) failures / attempts;
        double pValue = upperTail(attempts, failures, expected);
        if (observed < expected * settings.minLift() || observed - expected < settings.minExcessRatio()) {
            return new Verdict(
                    Verdict.Kind.NORMAL,
                    String.format("ratio %.4f is not far enough above the baseline %.4f", observed, expected),
                    attempts,
                    failures,
                    expected,
                    pValue);
        }
        if (pValue >= settings.significance()) {
            return new Verdict(
                    Verdict.Kind.NORMAL,
                    String.format("p=%.2e is not below %.0e", pValue, settings.significance()),
                    attempts,
                    failures,
                    expected,
                    pValue);
        }
        return new Verdict(
                Verdict.Kind.ANOMALOUS,
                String.format(
                        "%d failures of %d attempts (ratio %.4f) against a baseline of %.4f: p=%.2e",
                        failures, attempts, observed, expected, pValue),
                attempts,
                failures,
                expected,
                pValue);
    }

    /** Series with a learned baseline. */
    public int series() {
        return baselines.size();
    }

    /**
     * Everything the detector has learned, every series' baseline and daily shape, as bytes (deflated): a detector
     * that {@link #restore}s them judges every following window exactly as this one would.
     */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(SNAPSHOT_FORMAT);
            out.writeInt(baselines.size());
            for (Map.Entry<String, Baseline> series : new TreeMap<>(baselines).entrySet()) {
                out.writeUTF(series.getKey());
                series.getValue().writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces everything learned with a {@link #snapshot}. */
    public void restore(byte[] snapshot) {
        Map<String, Baseline> restored = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(snapshot)))) {
            int format = in.readInt();
            if (format != SNAPSHOT_FORMAT) {
                throw new IllegalArgumentException(
                        "detector snapshot format " + format + ", expected " + SNAPSHOT_FORMAT);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String series = in.readUTF();
                restored.put(series, Baseline.readFrom(in, settings.halfLifeWindows()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable detector snapshot: " + e.getMessage(), e);
        }
        baselines.clear();
        baselines.putAll(restored);
    }

    /** Forgets everything learned (a replica about to restore from the database). */
    public void reset() {
        baselines.clear();
    }

    /** P(X ≥ failures) for X ~ Binomial(attempts, ratio). */
    static double upperTail(long attempts, long failures, double ratio) {
        if (attempts > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many attempts for one window: " + attempts);
        }
        BinomialDistribution binomial = new BinomialDistribution(null, (int) attempts, Math.min(ratio, 1.0));
        return failures == 0 ? 1.0 : 1.0 - binomial.cumulativeProbability((int) failures - 1);
    }
}
