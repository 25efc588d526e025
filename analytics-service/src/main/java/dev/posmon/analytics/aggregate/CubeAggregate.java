package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.cube.CubeCell;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running totals of one cube cell in one window, kept in the windowed store until the window closes.
 * Mutable on purpose: Kafka Streams' aggregator updates it in place for every attempt.
 */
public final class CubeAggregate {

    public long attempts;
    public long successes;
    public Map<Cause, Long> failuresByCause = new EnumMap<>(Cause.class);
    public Set<String> failingTerminals = new TreeSet<>();
    public Map<String, Long> failuresByCode = new TreeMap<>();

    public CubeAggregate add(ClassifiedAttempt classified) {
        attempts++;
        if (classified.failed()) {
            failuresByCause.merge(classified.cause() == null ? Cause.UNKNOWN : classified.cause(), 1L, Long::sum);
            failingTerminals.add(classified.attempt().terminalId());
            failuresByCode.merge(code(classified.attempt()), 1L, Long::sum);
        } else {
            successes++;
        }
        return this;
    }

    public long failures() {
        return attempts - successes;
    }

    /** The cube cell this aggregate is, for a window and a cell key of {@link CubeKeys}. */
    public CubeCell toCell(Instant windowStart, Instant windowEnd, String cellKey) {
        String[] dims = CubeKeys.dimensions(cellKey);
        return new CubeCell(windowStart, windowEnd, dims[0], dims[1], dims[2], dims[3], dims[4], attempts, successes, failures(),
                new TreeMap<>(failuresByCause), failingTerminals.size(), new TreeMap<>(failuresByCode));
    }

    /** What the terminal reported: the host's response code, else its transport or local error. */
    static String code(dev.posmon.contract.event.SignOnAttempt attempt) {
        if (attempt.responseCode() != null) {
            return attempt.responseCode();
        }
        if (attempt.transportError() != null) {
            return attempt.transportError().name();
        }
        return attempt.localError() != null ? attempt.localError().name() : "STAGE_" + attempt.stage().name();
    }
}
