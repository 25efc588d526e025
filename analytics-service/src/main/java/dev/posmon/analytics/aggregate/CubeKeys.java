package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.RegionCode;

/**
 * The leaf cube's cell of an attempt: (province, host, carrier, model, firmware, app version) and the acquirer of its
 * terminal;
 * unknown values are UNKNOWN.
 */
public final class CubeKeys {

    private CubeKeys() {}

    public static String of(ClassifiedAttempt classified) {
        var attempt = classified.attempt();
        String carrier = carrier(attempt);
        return CubeCell.cellKey(
                classified.province(),
                attempt.hostId(),
                carrier,
                orUnknown(classified.model()),
                orUnknown(attempt.firmwareVersion()),
                orUnknown(attempt.appVersion()),
                orUnknown(classified.acquirer()));
    }

    /** The carrier an attempt counts under: its mobile carrier, else its network type (Ethernet, Wi-Fi), else UNKNOWN. */
    public static String carrier(SignOnAttempt attempt) {
        return attempt.network() == null || attempt.network().carrier() == null
                ? (attempt.network() == null
                        ? RegionCode.UNKNOWN
                        : attempt.network().type().wireName())
                : attempt.network().carrier();
    }

    static String[] dimensions(String cellKey) {
        return CubeCell.cellKeyParts(cellKey);
    }

    private static String orUnknown(String value) {
        return value == null ? RegionCode.UNKNOWN : value;
    }
}
