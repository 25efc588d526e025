package dev.posmon.alerting.detect;

/**
 * The detector's answer for one series in one window, with its reason.
 *
 * @param expectedRatio the baseline failure ratio the window was judged against
 * @param pValue        the binomial upper-tail probability of at least this many failures
 */
public record Verdict(Kind kind, String reason, long attempts, long failures, double expectedRatio, double pValue) {

    public enum Kind {
        /** Significantly more failures than the baseline, with enough volume. */
        ANOMALOUS,
        /** Within what the baseline explains. */
        NORMAL,
        /** Too few attempts or failures to judge. */
        LOW_VOLUME,
        /** The series has not been seen long enough to have a baseline. */
        WARMING_UP
    }

    public boolean anomalous() {
        return kind == Kind.ANOMALOUS;
    }

    public double observedRatio() {
        return attempts == 0 ? 0 : (double) failures / attempts;
    }

    /** Failures above what the baseline expects. */
    public double excessFailures() {
        return failures - expectedRatio * attempts;
    }
}
