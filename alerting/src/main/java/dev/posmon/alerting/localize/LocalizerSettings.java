package dev.posmon.alerting.localize;

/**
 * @param maxDimensions   the most dimensions one scope may combine
 * @param minEvidence     a cause's score (log-likelihood ratio minus the cost of naming it, in nats) must reach this
 * @param minShare        … and its excess failures must be at least this share of the net excess (failures minus
 *                        expected) of the leaves not explained yet
 * @param healthyEvidence a scope with a part (one more dimension's value) that fails as expected rather than at the scope's
 *                        ratio by more than this many nats holds healthy terminals: it is too wide to be the cause
 * @param kindCost        nats added per step down the likeliness of kinds of cause (host, province, carrier, firmware,
 *                        model, app)
 * @param maxCauses       at most this many causes per window
 */
public record LocalizerSettings(
        int maxDimensions,
        double minEvidence,
        double minShare,
        double healthyEvidence,
        double kindCost,
        int maxCauses) {

    public static final LocalizerSettings DEFAULTS = new LocalizerSettings(3, 12, 0.1, 6, 1, 4);

    public LocalizerSettings {
        if (maxDimensions < 1
                || maxCauses < 1
                || minEvidence < 0
                || minShare < 0
                || minShare > 1
                || healthyEvidence < 0
                || kindCost < 0) {
            throw new IllegalArgumentException("invalid localizer settings: " + this);
        }
    }
}
