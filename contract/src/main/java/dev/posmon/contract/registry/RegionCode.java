package dev.posmon.contract.registry;

/**
 * GB/T 2260 administrative division codes: two digits of province, two of prefecture (city), two of
 * county. A province or city is written as its own 6-digit code: 440305 → city 440300 → province 440000.
 */
public final class RegionCode {

    /** Used where a terminal's registry record is not (yet) known. */
    public static final String UNKNOWN = "UNKNOWN";

    private RegionCode() {}

    /** Six digits, the first not 0 ({@code [1-9][0-9]{5}}); checked by hand: analytics asks twice for every attempt. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 6 || code.charAt(0) < '1' || code.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < 6; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static String province(String code) {
        return isValid(code) ? code.substring(0, 2) + "0000" : UNKNOWN;
    }

    public static String city(String code) {
        return isValid(code) ? code.substring(0, 4) + "00" : UNKNOWN;
    }
}
