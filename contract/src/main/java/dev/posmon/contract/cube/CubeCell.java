package dev.posmon.contract.cube;

import dev.posmon.contract.classify.Cause;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One cell of the leaf cube: the attempts of one one-minute event-time window for one combination of
 * (province, host, carrier, model, firmware). Emitted once, when the window closes, on {@code signon.cube.v1}
 * keyed by {@link #key()}. Dimension values unknown to the sender are {@code UNKNOWN}. While the window is open,
 * {@code signon.cube.running.v1} carries the same record with the counts so far and empty terminal sets: cumulative,
 * superseded by a later one of the same key and by the closed cell.
 *
 * @param failingTerminals distinct terminals with at least one failure in this cell
 * @param failuresByCode   failures by what the terminal reported: the response code, else the transport
 *                         or local error (e.g. {@code "96"}, {@code "CONNECT_TIMEOUT"}) — the evidence of incidents
 * @param failedTerminals  the terminals with at least one failure in this cell and window ({@code failingTerminals}
 *                         of them): alerting unites them over an incident's cells and windows to count the distinct
 *                         terminals it hit
 * @param failingAtEnd     terminals whose last attempt in the window failed (listed in the cell of that attempt)
 * @param recoveredTerminals terminals whose last attempt in the window succeeded while they were failing when the
 *                         window began or failed during it (listed in the cell of the success that ended the failure):
 *                         alerting's "still failing" is, window after window, {@code (still − recovered) ∪ failingAtEnd}
 */
public record CubeCell(
        Instant windowStart,
        Instant windowEnd,
        String province,
        String host,
        String carrier,
        String model,
        String firmware,
        long attempts,
        long successes,
        long failures,
        Map<Cause, Long> failuresByCause,
        long failingTerminals,
        Map<String, Long> failuresByCode,
        TerminalSet failedTerminals,
        TerminalSet failingAtEnd,
        TerminalSet recoveredTerminals) {

    public CubeCell {
        failuresByCause = Map.copyOf(failuresByCause);
        failuresByCode = failuresByCode == null ? Map.of() : Map.copyOf(failuresByCode);
        failedTerminals = failedTerminals == null ? TerminalSet.EMPTY : failedTerminals;
        failingAtEnd = failingAtEnd == null ? TerminalSet.EMPTY : failingAtEnd;
        recoveredTerminals = recoveredTerminals == null ? TerminalSet.EMPTY : recoveredTerminals;
    }

    /** A cell without terminal sets (a sender that does not know the terminals, or a cell from before they were sent). */
    public CubeCell(
            Instant windowStart,
            Instant windowEnd,
            String province,
            String host,
            String carrier,
            String model,
            String firmware,
            long attempts,
            long successes,
            long failures,
            Map<Cause, Long> failuresByCause,
            long failingTerminals,
            Map<String, Long> failuresByCode) {
        this(
                windowStart,
                windowEnd,
                province,
                host,
                carrier,
                model,
                firmware,
                attempts,
                successes,
                failures,
                failuresByCause,
                failingTerminals,
                failuresByCode,
                TerminalSet.EMPTY,
                TerminalSet.EMPTY,
                TerminalSet.EMPTY);
    }

    /** The dimension names of the cube, in key order. */
    public static final List<String> DIMENSIONS = List.of("province", "host", "carrier", "model", "firmware");

    public String key() {
        return windowStart + "|" + dimensionsKey(province, host, carrier, model, firmware);
    }

    /**
     * The cell's dimensions as one key, e.g. {@code 440000|H1|CMCC|P2000|FW-7.4}. A value's own {@code |} and {@code %}
     * are written {@code %7C} and {@code %25} (a firmware version may hold any printable character), so that any values
     * make a key of exactly five parts, and {@link #dimensionsOf} gives them back.
     */
    public static String dimensionsKey(String province, String host, String carrier, String model, String firmware) {
        return escaped(province)
                + '|'
                + escaped(host)
                + '|'
                + escaped(carrier)
                + '|'
                + escaped(model)
                + '|'
                + escaped(firmware);
    }

    /** The five dimension values of a {@link #dimensionsKey}, in {@link #DIMENSIONS} order. */
    public static String[] dimensionsOf(String dimensionsKey) {
        String[] values = dimensionsKey.split("\\|", -1);
        if (values.length != DIMENSIONS.size()) {
            throw new IllegalArgumentException("not a key of " + DIMENSIONS.size() + " dimensions: " + dimensionsKey);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].indexOf('%') >= 0) {
                // every % of a key begins %7C or %25: the pipes first, then the percent signs, gives each value back
                values[i] = values[i].replace("%7C", "|").replace("%25", "%");
            }
        }
        return values;
    }

    private static String escaped(String value) {
        return value.indexOf('|') < 0 && value.indexOf('%') < 0
                ? value
                : value.replace("%", "%25").replace("|", "%7C");
    }

    /** The value of a dimension by its cube name. */
    public String dimension(String name) {
        return switch (name) {
            case "province" -> province;
            case "host" -> host;
            case "carrier" -> carrier;
            case "model" -> model;
            case "firmware" -> firmware;
            default -> throw new IllegalArgumentException("no dimension " + name);
        };
    }
}
