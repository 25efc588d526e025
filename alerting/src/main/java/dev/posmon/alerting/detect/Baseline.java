package dev.posmon.alerting.detect;

/**
 * A series' learned failure ratio: exponentially weighted sums of attempts and failures overall and per
 * hour of day (daily seasonality, once a bucket has history). Windows judged anomalous are not learned
 * from, so an outage does not teach the baseline that outages are normal. Mutable; owned by the detector.
 */
final class Baseline {

    private static final int HOURS = 24;

    private final double decay;
    private double attempts;
    private double failures;
    private final double[] hourAttempts = new double[HOURS];
    private final double[] hourFailures = new double[HOURS];
    private final int[] hourWindows = new int[HOURS];
    private int windows;

    Baseline(double halfLifeWindows) {
        this.decay = Math.pow(0.5, 1.0 / halfLifeWindows);
    }

    int windows() {
        return windows;
    }

    /** The expected ratio for a window at this hour: the hour's own once it has seen enough windows, else the overall one. */
    double expectedRatio(int hour, double floor, int warmUp) {
        double ratio = attempts > 0 ? failures / attempts : floor;
        if (hourWindows[hour] >= warmUp && hourAttempts[hour] > 0) {
            ratio = hourFailures[hour] / hourAttempts[hour];
        }
        return Math.max(ratio, floor);
    }

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
}
