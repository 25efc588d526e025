package dev.posmon.contract.classify;

import java.util.Map;

/**
 * What decided a cause: the rule that fired (e.g. {@code CODE_TABLE}, {@code MAINTENANCE_WINDOW},
 * {@code WEAK_SIGNAL_TIMEOUT}) and the fields it looked at, by name, with the values it saw.
 */
public record Evidence(String rule, Map<String, String> fields) {

    public Evidence {
        fields = Map.copyOf(fields);
    }
}
