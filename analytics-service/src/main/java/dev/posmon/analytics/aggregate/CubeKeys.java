package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.registry.RegionCode;

/**
 * The leaf cube's cell of an attempt: (province, host, carrier, model, firmware) and the acquirer of its terminal;
 * unknown values are UNKNOWN.
 */
public final class CubeKeys {

    private CubeKeys() {}

    public static String of(ClassifiedAttempt classified) {
        var attempt = classified.attempt();
        String carrier = attempt.network() == null || attempt.network().carrier() == null
                ? (attempt.network() == null
                        ? RegionCode.UNKNOWN
                        : attempt.network().type().wireName())
                : attempt.network().carrier();
        return CubeCell.cellKey(
                classified.province(),
                attempt.hostId(),
                carrier,
                orUnknown(classified.model()),
                orUnknown(attempt.firmwareVersion()),
                orUnknown(classified.acquirer()));
    }

    static String[] dimensions(String cellKey) {
        return CubeCell.cellKeyParts(cellKey);
    }

    private static String orUnknown(String value) {
        return value == null ? RegionCode.UNKNOWN : value;
    }
}
