package dev.posmon.alerting.localize;

/**
 * @param maxDimensions the most dimensions one scope may combine
 * @param minGain       a scope must remove at least this share of the remaining deviation to be a cause
 * @param minShare      … and explain at least this share of the excess failures not explained yet
 * @param tolerance     scopes whose gain is within this of the best count as equal; the simplest wins
 * @param maxCauses     at most this many causes per window
 */
public record LocalizerSettings(int maxDimensions, double minGain, double minShare, double tolerance, int maxCauses) {

    public static final LocalizerSettings DEFAULTS = new LocalizerSettings(3, 0.2, 0.1, 0.02, 4);
}
