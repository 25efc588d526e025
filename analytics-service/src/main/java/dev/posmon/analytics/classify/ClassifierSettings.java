package dev.posmon.analytics.classify;

import java.time.Duration;

/**
 * The thresholds the classifier uses.
 *
 * @param weakSignalDbm      at or below this, a mobile signal counts as weak
 * @param slowEchoMs         telemetry echo round trips at or above this count as a poor network
 * @param telemetryFreshness telemetry older than this before the attempt is not evidence
 */
public record ClassifierSettings(int weakSignalDbm, int slowEchoMs, Duration telemetryFreshness) {

    public static final ClassifierSettings DEFAULTS = new ClassifierSettings(-100, 1500, Duration.ofMinutes(15));
}
