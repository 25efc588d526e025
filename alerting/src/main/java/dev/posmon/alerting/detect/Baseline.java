package dev.posmon.alerting.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A series' learned failure ratio: exponentially weighted sums of attempts and failures overall and per hour of
 * day, learned from the windows not judged anomalous, so an outage does not teach the baseline that outages are
 * normal. Beside them, the daily shape: per hour of day, each of the last days' counts (every window, anomalous
 * ones too, but none failing above the season ceiling), from which an hour's usual factor over the typical hour
 * of its day is the median across days. Mutable; owned by the detector.
 */
final class Baseline {

    private static final int HOURS = 24;
    /** Completed days the daily shape is read from. */
    static final int SEASON_DAYS = 7;
    /** Day slots kept per hour: the completed days and today. */
    private static final int SLOTS = SEASON_DAYS + 1;
    /** Hours a day needs counts of before its typical hour means something. */
    private static final int MIN_HOURS_PER_DAY = 6;

    private final double decay;
    private double attempts;
    private double failures;
    private final double[] hourAttempts = new double[HOURS];
    private final double[] hourFailures = new double[HOURS];
    private final int[] hourWindows = new int[HOURS];
    private int windows;
    private final long[][] slotDay = new long[HOURS][SLOTS];
    private final double[][] slotAttempts = new double[HOURS][SLOTS];
    private final double[][] slotFailures = new double[HOURS][SLOTS];

    Baseline(double halfLifeWindows) {
        this.decay = Math.pow(0.5, 1.0 / halfLifeWindows);
        for (long[] days : slotDay) {
            Arrays.fill(days, Long.MIN_VALUE);
        }
    }

    int windows() {
        return windows;
    }

    /** Writes every learned number, exactly (a restored baseline judges as this one would). */
    void writeTo(DataOutput out) throws IOException {
        out.writeDouble(attempts);
        out.writeDouble(failures);
        out.writeInt(windows);
        for (int hour = 0; hour < HOURS; hour++) {
            out.writeDouble(hourAttempts[hour]);
            out.writeDouble(hourFailures[hour]);
            out.writeInt(hourWindows[hour]);
            for (int slot = 0; slot < SLOTS; slot++) {
                out.writeLong(slotDay[hour][slot]);
                out.writeDouble(slotAttempts[hour][slot]);
                out.writeDouble(slotFailures[hour][slot]);
            }
        }
    }

    /** The baseline {@link #writeTo} wrote. */
    static Baseline readFrom(DataInput in, double halfLifeWindows) throws IOException {
        Baseline baseline = new Baseline(halfLifeWindows);
        baseline.attempts = in.readDouble();
        baseline.failures = in.readDouble();
        baseline.windows = in.readInt();
        for (int hour = 0; hour < HOURS; hour++) {
            baseline.hourAttempts[hour] = in.readDouble();
            baseline.hourFailures[hour] = in.readDouble();
            baseline.hourWindows[hour] = in.readInt();
            for (int slot = 0; slot < SLOTS; slot++) {
                baseline.slotDay[hour][slot] = in.readLong();
                baseline.slotAttempts[hour][slot] = in.readDouble();
                baseline.slotFailures[hour][slot] = in.readDouble();
            }
        }
        return baseline;
    }

    /**
     * The expected ratio for a window at this hour of this local day: the hour's own once it has seen enough windows
     * (else the overall one), raised to the daily shape where that is known: the typical hour's learned ratio times
     * the hour's usual factor over the typical hour of its day.
     */
    double expectedRatio(long day, int hour, DetectorSettings settings) {
        double ratio = attempts > 0 ? failures / attempts : settings.ratioFloor();
        if (hourWindows[hour] >= settings.warmUpWindows() && hourAttempts[hour] > 0) {
            ratio = hourFailures[hour] / hourAttempts[hour];
        }
        double factor = seasonalFactor(day, hour, settings);
        if (!Double.isNaN(factor)) {
            ratio = Math.max(ratio, typicalHourRatio(settings) * factor);
        }
        return Math.max(ratio, settings.ratioFloor());
    }

    /** Learns a window that was not anomalous. */
    void learn(int hour, long windowAttempts, long windowFailures) {
        attempts = attempts * decay + windowAttempts;
        failures = failures * decay + windowFailures;
        // an hour bucket sees one window in 60, so it forgets 60 times slower per window
        double hourDecay = Math.pow(decay, 1.0 / 60);
        hourAttempts[hour] = hourAttempts[hour] * hourDecay + windowAttempts;
        hourFailures[hour] = hourFailures[hour] * hourDecay + windowFailures;
        hourWindows[hour]++;
        windows++;
    }

    /** Counts a window, anomalous or not, toward its day's shape (the caller leaves out those above the season ceiling). */
    void count(long day, int hour, long windowAttempts, long windowFailures) {
        int slot = (int) Math.floorMod(day, (long) SLOTS);
        if (slotDay[hour][slot] != day) {
            slotDay[hour][slot] = day;
            slotAttempts[hour][slot] = 0;
            slotFailures[hour][slot] = 0;
        }
        slotAttempts[hour][slot] += windowAttempts;
        slotFailures[hour][slot] += windowFailures;
    }

    /**
     * The hour's usual ratio over the typical hour (the median hour) of its day: the median over the last
     * {@link #SEASON_DAYS} completed days that had enough of it, or NaN with fewer than the settings' season days.
     * A median across days, so one bad morning is not a shape; a ratio to the same day's typical hour, so a problem
     * at every hour (a level shift) is not one either.
     */
    double seasonalFactor(long today, int hour, DetectorSettings settings) {
        double[] factors = new double[SEASON_DAYS];
        int n = 0;
        for (long day = today - SEASON_DAYS; day < today; day++) {
            double ratio = dayRatio(day, hour, settings.minAttempts());
            if (Double.isNaN(ratio)) {
                continue;
            }
            double typical = typicalRatioOf(day, settings.minAttempts());
            if (!Double.isNaN(typical)) {
                factors[n++] = ratio / Math.max(typical, settings.ratioFloor());
            }
        }
        return n < settings.seasonDays() ? Double.NaN : median(Arrays.copyOf(factors, n));
    }

    /**
     * The learned ratio of the typical hour: the median of the hours' learned ratios (the overall one until hours have
     * history).
     */
    private double typicalHourRatio(DetectorSettings settings) {
        double[] ratios = new double[HOURS];
        int n = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            if (hourWindows[hour] >= settings.warmUpWindows() && hourAttempts[hour] > 0) {
                ratios[n++] = hourFailures[hour] / hourAttempts[hour];
            }
        }
        if (n == 0) {
            return attempts > 0 ? failures / attempts : settings.ratioFloor();
        }
        return median(Arrays.copyOf(ratios, n));
    }

    private double dayRatio(long day, int hour, long minAttempts) {
        int slot = (int) Math.floorMod(day, (long) SLOTS);
        if (slotDay[hour][slot] != day || slotAttempts[hour][slot] < minAttempts) {
            return Double.NaN;
        }
        return slotFailures[hour][slot] / slotAttempts[hour][slot];
    }

    private double typicalRatioOf(long day, long minAttempts) {
        double[] ratios = new double[HOURS];
        int n = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            double ratio = dayRatio(day, hour, minAttempts);
            if (!Double.isNaN(ratio)) {
                ratios[n++] = ratio;
            }
        }
        return n < MIN_HOURS_PER_DAY ? Double.NaN : median(Arrays.copyOf(ratios, n));
    }

    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
