package dev.posmon.analytics.terminal;

import java.util.HashMap;
import java.util.Map;

/**
 * The names of one kind a terminal's entry stores many times (an attempt's outcome, stage, errors, cause), written as a
 * one-byte code of a fixed table instead of the name: a terminal's last attempts were most of its entry, and the names
 * a third of them. A table is append-only (the codes are in the stored entries, and the changelog): a new name goes at
 * its end, and a name not in the table is written as itself, so that an entry never depends on an enum's order.
 * Plain class.
 */
final class NameCodes {

    private static final int NONE = 0;
    private static final int SPELLED = 0xFF;

    static final NameCodes OUTCOMES = new NameCodes("SUCCESS", "FAILURE");
    static final NameCodes STAGES =
            new NameCodes("CONNECT", "TLS", "AUTH", "KEY_EXCHANGE", "PARAM_DOWNLOAD", "COMPLETE");
    static final NameCodes TRANSPORT_ERRORS = new NameCodes(
            "DNS",
            "CONNECT_TIMEOUT",
            "CONNECT_REFUSED",
            "TLS_HANDSHAKE",
            "READ_TIMEOUT",
            "CONNECTION_RESET",
            "NO_NETWORK");
    static final NameCodes LOCAL_ERRORS = new NameCodes(
            "OPERATOR_CREDENTIALS",
            "CARD_READER_FAULT",
            "KEYPAD_FAULT",
            "PRINTER_FAULT",
            "POWER",
            "KEY_MISSING",
            "PARAM_CORRUPT",
            "APP_CRASH",
            "STORAGE_FULL",
            "CLOCK_INVALID",
            "DISPLAY_FAULT",
            "MERCHANT_NAME_MISMATCH",
            "OTHER");
    static final NameCodes CAUSES = new NameCodes(
            "NETWORK",
            "HOST_UNAVAILABLE",
            "HOST_MAINTENANCE",
            "HOST_ROUTING",
            "KEY_MAC",
            "TERMINAL_NOT_REGISTERED",
            "MERCHANT_ACCOUNT",
            "TERMINAL_STATE",
            "SOFTWARE",
            "HARDWARE",
            "OPERATOR",
            "UNKNOWN");

    private final String[] names;
    private final Map<String, Integer> codes = new HashMap<>();

    NameCodes(String... names) {
        if (names.length >= SPELLED) {
            throw new IllegalArgumentException("at most " + (SPELLED - 1) + " names");
        }
        this.names = names.clone();
        for (int i = 0; i < names.length; i++) {
            codes.put(names[i], i + 1);
        }
    }

    /** A name or null: 0 for null, its code, or 255 and the name itself. */
    void write(BinaryOut out, String name) {
        if (name == null) {
            out.byte8(NONE);
            return;
        }
        Integer code = codes.get(name);
        if (code == null) {
            out.byte8(SPELLED);
            out.string(name);
        } else {
            out.byte8(code);
        }
    }

    String read(BinaryIn in) {
        int code = in.byte8();
        if (code == NONE) {
            return null;
        }
        if (code == SPELLED) {
            return in.string();
        }
        if (code > names.length) {
            throw new IllegalArgumentException("name code " + code + " beyond this version's " + names.length);
        }
        return names[code - 1];
    }

    boolean has(String name) {
        return codes.containsKey(name);
    }
}
