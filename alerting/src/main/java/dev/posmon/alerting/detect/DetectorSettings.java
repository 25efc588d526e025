package dev.posmon.alerting.detect;

/**
 * How sure and how big an excess must be to be an anomaly.
 *
 * @param significance    the binomial tail probability below which an excess is significant; small, since
 *                        every series is tested every minute
 * @param minAttempts     fewer attempts in a window: not enough volume to judge
 * @param minFailures     fewer failures: never an anomaly, whatever the ratio (a small province must not
 *                        page on three failures)
 * @param minLift         the observed ratio must be at least this many times the baseline …
 * @param minExcessRatio  … and at least this much above it (absolute)
 * @param ratioFloor      the baseline is never taken below this ratio (a series that never fails would
 *                        otherwise make one failure significant)
 * @param halfLifeWindows how many windows it takes the baseline to forget half of its past
 * @param warmUpWindows   windows a series must have been seen before it is judged
 * @param seasonDays      completed days (of the last seven) an hour needs before its daily shape counts: a peak
 *                        that recurs at the same hour is an anomaly the first days, then the hour's normal
 * @param seasonCeiling   a judgeable window failing above this ratio never counts toward the daily shape: a daily
 *                        outage, or an undeclared daily cut-over, keeps paging however regularly it recurs
 */
public record DetectorSettings(
        double significance,
        long minAttempts,
        long minFailures,
        double minLift,
        double minExcessRatio,
        double ratioFloor,
        double halfLifeWindows,
        int warmUpWindows,
        int seasonDays,
        double seasonCeiling) {

    public static final DetectorSettings DEFAULTS =
            new DetectorSettings(1e-6, 30, 8, 2.0, 0.05, 0.002, 240, 10, 3, 0.3);

    public DetectorSettings {
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance must lie strictly between 0 and 1, got " + significance);
        }
        if (minAttempts < 1 || minFailures < 1) {
            throw new IllegalArgumentException(
                    "min-attempts and min-failures must be at least 1, got " + minAttempts + " and " + minFailures);
        }
        if (seasonDays < 1 || seasonDays > Baseline.SEASON_DAYS) {
            throw new IllegalArgumentException(
                    "season days must lie between 1 and " + Baseline.SEASON_DAYS + ", got " + seasonDays);
        }
    }

    /** These settings with another significance and volume guard (the ones configuration sets). */
    public DetectorSettings withSignificanceAndVolume(
            double newSignificance, long newMinAttempts, long newMinFailures) {
        return new DetectorSettings(
                newSignificance,
                newMinAttempts,
                newMinFailures,
                minLift,
                minExcessRatio,
                ratioFloor,
                halfLifeWindows,
                warmUpWindows,
                seasonDays,
                seasonCeiling);
    }
}
