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
        return cell(classified).key();
    }

    /** The cell of an attempt as the values its key is made of, unknown ones UNKNOWN. */
    static Cell cell(ClassifiedAttempt classified) {
        var attempt = classified.attempt();
        return new Cell(
                classified.province(),
                attempt.hostId(),
                carrier(attempt),
                orUnknown(classified.model()),
                orUnknown(attempt.firmwareVersion()),
                orUnknown(attempt.appVersion()),
                orUnknown(classified.acquirer()));
    }

    /**
     * A cell by its seven values, before they are made into its key: equal exactly when their keys are (the key escapes
     * its parts, so no two cells share one), and cheaper to hash and compare than the key, which is built once per
     * cell and window ({@link PartialCubeProcessor}) instead of once per attempt.
     */
    record Cell(
            String province, String host, String carrier, String model, String firmware, String app, String acquirer) {

        /** {@code province|host|carrier|model|firmware|app|acquirer}, escaped ({@link CubeCell#cellKey}). */
        String key() {
            return CubeCell.cellKey(province, host, carrier, model, firmware, app, acquirer);
        }

        // Written out: a record's generated equals and hashCode go through a method handle per call, which the
        // profile showed on every attempt (2-3 % of the stream threads' samples) as the cube looks its cell up.
        @Override
        public boolean equals(Object other) {
            return this == other
                    || other instanceof Cell that
                            && host.equals(that.host)
                            && firmware.equals(that.firmware)
                            && app.equals(that.app)
                            && province.equals(that.province)
                            && carrier.equals(that.carrier)
                            && model.equals(that.model)
                            && acquirer.equals(that.acquirer);
        }

        @Override
        public int hashCode() {
            int hash = province.hashCode();
            hash = 31 * hash + host.hashCode();
            hash = 31 * hash + carrier.hashCode();
            hash = 31 * hash + model.hashCode();
            hash = 31 * hash + firmware.hashCode();
            hash = 31 * hash + app.hashCode();
            return 31 * hash + acquirer.hashCode();
        }
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
