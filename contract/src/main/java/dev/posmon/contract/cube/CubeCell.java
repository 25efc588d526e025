package dev.posmon.contract.cube;

import dev.posmon.contract.classify.Cause;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One cell of the leaf cube: the attempts of one one-minute event-time window for one combination of
 * (province, host, carrier, model, firmware, app version) of one acquirer's terminals. Emitted once, when the window
 * closes, on {@code signon.cube.v1}
 * keyed by {@link #key()}. Dimension values unknown to the sender are {@code UNKNOWN}. While the window is open,
 * {@code signon.cube.running.v1} carries the same record with the counts so far and empty terminal sets: cumulative,
 * superseded by a later one of the same key and by the closed cell.
 *
 * @param app              the app version the attempts reported ({@code UNKNOWN} when they did not say, and in cells
 *                         from senders before it was a dimension): a software defect is often one release's
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
 * @param acquirer         the acquirer (tenant) the cell's terminals are registered under ({@code UNKNOWN} for terminals
 *                         not in the registry, and in cells from senders before the cube knew it). Not one of the
 *                         {@link #DIMENSIONS} the localizer searches: an outage is located by what broke (a host, a
 *                         carrier), and the acquirers it hit are what it is shown to and routed by
 */
public record CubeCell(
        Instant windowStart,
        Instant windowEnd,
        String province,
        String host,
        String carrier,
        String model,
        String firmware,
        String app,
        long attempts,
        long successes,
        long failures,
        Map<Cause, Long> failuresByCause,
        long failingTerminals,
        Map<String, Long> failuresByCode,
        TerminalSet failedTerminals,
        TerminalSet failingAtEnd,
        TerminalSet recoveredTerminals,
        String acquirer) {

    /** The value of a cell whose sender did not know a dimension. */
    public static final String UNKNOWN = "UNKNOWN";

    public CubeCell {
        failuresByCause = Map.copyOf(failuresByCause);
        failuresByCode = failuresByCode == null ? Map.of() : Map.copyOf(failuresByCode);
        failedTerminals = failedTerminals == null ? TerminalSet.EMPTY : failedTerminals;
        failingAtEnd = failingAtEnd == null ? TerminalSet.EMPTY : failingAtEnd;
        recoveredTerminals = recoveredTerminals == null ? TerminalSet.EMPTY : recoveredTerminals;
        app = app == null || app.isBlank() ? UNKNOWN : app;
        acquirer = acquirer == null || acquirer.isBlank() ? UNKNOWN : acquirer;
    }

    /** A cell of no known app version and no known acquirer. */
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
            Map<String, Long> failuresByCode,
            TerminalSet failedTerminals,
            TerminalSet failingAtEnd,
            TerminalSet recoveredTerminals) {
        this(
                windowStart,
                windowEnd,
                province,
                host,
                carrier,
                model,
                firmware,
                UNKNOWN,
                attempts,
                successes,
                failures,
                failuresByCause,
                failingTerminals,
                failuresByCode,
                failedTerminals,
                failingAtEnd,
                recoveredTerminals,
                UNKNOWN);
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

    /** The dimension names of the cube the localizer searches, in key order. */
    public static final List<String> DIMENSIONS = List.of("province", "host", "carrier", "model", "firmware", "app");

    /** The name of the tenant part of a cell: {@link #dimension}("acquirer") and an incident scope's filter. */
    public static final String ACQUIRER = "acquirer";

    /** The parts of a {@link #cellKey}: the {@link #DIMENSIONS}, then the acquirer. */
    public static final int KEY_PARTS = DIMENSIONS.size() + 1;

    public String key() {
        return windowStart + "|" + cellKey();
    }

    /** The cell's {@link #cellKey(String, String, String, String, String, String, String) key} without its window. */
    public String cellKey() {
        return cellKey(province, host, carrier, model, firmware, app, acquirer);
    }

    /**
     * The cell's identity without its window: its {@link #dimensionsKey} and its acquirer, e.g.
     * {@code 440000|H1|CMCC|P2000|FW-7.4|3.4.1|ACQ-GD}, escaped like the dimensions.
     */
    public static String cellKey(
            String province, String host, String carrier, String model, String firmware, String app, String acquirer) {
        return dimensionsKey(province, host, carrier, model, firmware, app) + '|' + escaped(acquirer);
    }

    /**
     * The seven parts of a {@link #cellKey} ({@link #DIMENSIONS} order, then the acquirer). Keys written by earlier
     * versions still read: six parts (before the app version was a dimension) give app {@link #UNKNOWN}, five (before
     * cells knew their acquirer) give app and acquirer {@link #UNKNOWN}, so that windows open across an upgrade close.
     */
    public static String[] cellKeyParts(String cellKey) {
        String[] values = cellKey.split("\\|", -1);
        if (values.length == KEY_PARTS - 2) {
            values = Arrays.copyOf(values, KEY_PARTS);
            values[KEY_PARTS - 2] = UNKNOWN;
            values[KEY_PARTS - 1] = UNKNOWN;
        } else if (values.length == KEY_PARTS - 1) {
            String acquirer = values[KEY_PARTS - 2];
            values = Arrays.copyOf(values, KEY_PARTS);
            values[KEY_PARTS - 2] = UNKNOWN;
            values[KEY_PARTS - 1] = acquirer;
        } else if (values.length != KEY_PARTS) {
            throw new IllegalArgumentException("not a cell key of " + KEY_PARTS + " parts: " + cellKey);
        }
        return unescaped(values);
    }

    /**
     * The cell's dimensions as one key, e.g. {@code 440000|H1|CMCC|P2000|FW-7.4|3.4.1}. A value's own {@code |} and
     * {@code %} are written {@code %7C} and {@code %25} (a firmware or app version may hold any printable character),
     * so that any values make a key of exactly six parts, and {@link #dimensionsOf} gives them back.
     */
    public static String dimensionsKey(
            String province, String host, String carrier, String model, String firmware, String app) {
        return escaped(province)
                + '|'
                + escaped(host)
                + '|'
                + escaped(carrier)
                + '|'
                + escaped(model)
                + '|'
                + escaped(firmware)
                + '|'
                + escaped(app);
    }

    /** The six dimension values of a {@link #dimensionsKey}, in {@link #DIMENSIONS} order. */
    public static String[] dimensionsOf(String dimensionsKey) {
        String[] values = dimensionsKey.split("\\|", -1);
        if (values.length != DIMENSIONS.size()) {
            throw new IllegalArgumentException("not a key of " + DIMENSIONS.size() + " dimensions: " + dimensionsKey);
        }
        return unescaped(values);
    }

    private static String[] unescaped(String[] values) {
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

    /** The same cell of another acquirer's terminals. */
    public CubeCell withAcquirer(String other) {
        return new CubeCell(
                windowStart,
                windowEnd,
                province,
                host,
                carrier,
                model,
                firmware,
                app,
                attempts,
                successes,
                failures,
                failuresByCause,
                failingTerminals,
                failuresByCode,
                failedTerminals,
                failingAtEnd,
                recoveredTerminals,
                other);
    }

    /** The value of a dimension by its cube name. */
    public String dimension(String name) {
        return switch (name) {
            case "province" -> province;
            case "host" -> host;
            case "carrier" -> carrier;
            case "model" -> model;
            case "firmware" -> firmware;
            case "app" -> app;
            case ACQUIRER -> acquirer;
            default -> throw new IllegalArgumentException("no dimension " + name);
        };
    }
}
