package dev.posmon.alerting.localize;

import java.util.Map;

/**
 * One leaf of a cube: a combination of dimension values (e.g. province, host, carrier, model, firmware)
 * with what happened in it and how many failures were to be expected there.
 */
public record Leaf(Map<String, String> dimensions, double attempts, double failures, double expectedFailures) {

    public Leaf {
        dimensions = Map.copyOf(dimensions);
    }
}
