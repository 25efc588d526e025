package dev.posmon.alerting.localize;

import java.util.Map;

/**
 * A scope that explains excess failures: e.g. {@code {host=H3}} or {@code {province=440000, carrier=CMCC}}.
 *
 * @param share the part of the window's excess failures this scope explains (0..1)
 */
public record RootCause(
        Map<String, String> scope, double attempts, double failures, double expectedFailures, double share) {

    public RootCause {
        scope = Map.copyOf(scope);
    }

    public double excessFailures() {
        return failures - expectedFailures;
    }
}
