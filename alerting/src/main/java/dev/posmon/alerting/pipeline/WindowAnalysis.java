package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.detect.Verdict;
import dev.posmon.alerting.incident.Finding;
import dev.posmon.alerting.incident.WindowTerminals;
import dev.posmon.alerting.localize.Leaf;
import dev.posmon.alerting.localize.Localization;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.RootCause;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.cube.TerminalSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One closed window of the leaf cube, judged: every series of every level goes through the detector; if
 * any is anomalous, the localizer finds the scopes that explain the excess, and each that is itself an anomaly
 * against the fleet's ratio (volume, lift, significance) becomes a {@link Finding} for the correlator. Plain class.
 */
public final class WindowAnalysis {

    /** The levels judged, as sets of cube dimensions; the empty set is the whole fleet. */
    public static final List<List<String>> LEVELS = List.of(
            List.of(),
            List.of("host"),
            List.of("province"),
            List.of("province", "carrier"),
            List.of("model", "firmware"),
            List.of("app"),
            List.of("host", "province"));

    /** The series of the whole fleet. */
    public static final String FLEET = "fleet";

    private final Detector detector;
    private final Localizer localizer;

    public WindowAnalysis(Detector detector, Localizer localizer) {
        this.detector = detector;
        this.localizer = localizer;
    }

    /** An anomalous series: its key (e.g. {@code host=H1}) and the verdict. */
    public record Anomaly(String series, Verdict verdict) {}

    public record Result(List<Anomaly> anomalies, Localization localization, List<Finding> findings) {}

    /** One series' totals in a window: what the detector observes. */
    public record SeriesTotal(String series, long attempts, long failures) {}

    /** Every series of every level in a window, in the order the detector observes them (the whole fleet first). */
    public static List<SeriesTotal> series(List<CubeCell> cells) {
        List<SeriesTotal> all = new ArrayList<>();
        for (List<String> level : LEVELS) {
            totals(cells, level).forEach((series, sums) -> all.add(new SeriesTotal(series, sums[0], sums[1])));
        }
        return all;
    }

    /**
     * Teaches the detector a window judged before (by this replica before a restart, or by another), exactly as judging
     * it did: the same observations in the same order. Nothing is localized or returned.
     */
    public void replay(Instant windowStart, List<SeriesTotal> series) {
        for (SeriesTotal total : series) {
            detector.observe(total.series(), windowStart, total.attempts(), total.failures());
        }
    }

    public Result analyze(Instant windowStart, Instant windowEnd, List<CubeCell> cells) {
        return analyze(windowStart, windowEnd, cells, series(cells));
    }

    /** Judges a window whose series the caller already summed ({@link #series}; it keeps them for {@link #replay}). */
    public Result analyze(Instant windowStart, Instant windowEnd, List<CubeCell> cells, List<SeriesTotal> series) {
        return judge(windowStart, windowEnd, cells, series, true);
    }

    /**
     * Judges a window that is still open from its running cells (the counts so far), against what the detector learned,
     * without teaching it anything: the closed window is judged, and learned from, as every other.
     */
    public Result early(Instant windowStart, Instant windowEnd, List<CubeCell> runningCells) {
        return judge(windowStart, windowEnd, runningCells, series(runningCells), false);
    }

    private Result judge(
            Instant windowStart, Instant windowEnd, List<CubeCell> cells, List<SeriesTotal> series, boolean learn) {
        List<Anomaly> anomalies = new ArrayList<>();
        double fleetRatio = 0;
        for (SeriesTotal total : series) {
            Verdict verdict = learn
                    ? detector.observe(total.series(), windowStart, total.attempts(), total.failures())
                    : detector.peek(total.series(), windowStart, total.attempts(), total.failures());
            if (total.series().equals(FLEET)) {
                fleetRatio = verdict.expectedRatio();
            }
            if (verdict.anomalous()) {
                anomalies.add(new Anomaly(total.series(), verdict));
            }
        }
        if (anomalies.isEmpty()) {
            return new Result(List.of(), null, List.of());
        }
        List<Leaf> leaves = new ArrayList<>(cells.size());
        for (CubeCell cell : cells) {
            leaves.add(new Leaf(dimensions(cell), cell.attempts(), cell.failures(), cell.attempts() * fleetRatio));
        }
        Localization localization = localizer.localize(leaves);
        List<Finding> findings = new ArrayList<>();
        for (RootCause cause : localization.causes()) {
            // A scope must stand on its own: beside a real outage, the localizer's further causes can be a cell
            // that holds one chronically failing terminal or a frozen merchant (a handful of failures).
            if (detector.judgeScope(Math.round(cause.attempts()), Math.round(cause.failures()), fleetRatio)
                    .anomalous()) {
                findings.add(finding(windowStart, windowEnd, cause, cells, fleetRatio));
            }
        }
        return new Result(anomalies, localization, findings);
    }

    private static Finding finding(
            Instant start, Instant end, RootCause cause, List<CubeCell> cells, double expectedRatio) {
        Map<Cause, Long> byCause = new EnumMap<>(Cause.class);
        Map<String, Long> byCode = new HashMap<>();
        Map<String, Double> excessByHost = new HashMap<>();
        Set<String> acquirers = new TreeSet<>();
        long failingTerminals = 0;
        double excess = 0;
        for (CubeCell cell : cells) {
            if (!inScope(cell, cause.scope())) {
                continue;
            }
            cell.failuresByCause().forEach((c, n) -> byCause.merge(c, n, Long::sum));
            cell.failuresByCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
            failingTerminals += cell.failingTerminals();
            if (cell.failures() > 0 && !CubeCell.UNKNOWN.equals(cell.acquirer())) {
                acquirers.add(cell.acquirer());
            }
            double cellExcess = Math.max(0, cell.failures() - cell.attempts() * expectedRatio);
            excessByHost.merge(cell.host(), cellExcess, Double::sum);
            excess += cellExcess;
        }
        Map<String, Double> hostShare = new HashMap<>();
        if (excess > 0) {
            double total = excess;
            excessByHost.forEach((host, e) -> hostShare.put(host, e / total));
        }
        // the evidence on-call reads: the most frequent response codes and transport errors (causes if the cube has
        // none)
        Map<String, Long> evidence = new LinkedHashMap<>();
        if (byCode.isEmpty()) {
            byCause.forEach((c, n) -> evidence.put(c.name(), n));
        } else {
            byCode.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(5)
                    .forEach(e -> evidence.put(e.getKey(), e.getValue()));
        }
        return new Finding(
                start,
                end,
                cause.scope(),
                Math.round(cause.attempts()),
                Math.round(cause.failures()),
                cause.expectedFailures(),
                failingTerminals,
                byCause,
                evidence,
                hostShare,
                acquirers);
    }

    /** The terminals of a scope in a window, united over its cells. */
    public static WindowTerminals terminals(List<CubeCell> cells, Map<String, String> scope) {
        List<TerminalSet> failed = new ArrayList<>();
        List<TerminalSet> failingAtEnd = new ArrayList<>();
        List<TerminalSet> recovered = new ArrayList<>();
        long failing = 0;
        for (CubeCell cell : cells) {
            if (inScope(cell, scope)) {
                failed.add(cell.failedTerminals());
                failingAtEnd.add(cell.failingAtEnd());
                recovered.add(cell.recoveredTerminals());
                failing += cell.failingTerminals();
            }
        }
        return new WindowTerminals(
                TerminalSet.unionOf(failed),
                TerminalSet.unionOf(failingAtEnd),
                TerminalSet.unionOf(recovered),
                failing);
    }

    static Map<String, long[]> totals(List<CubeCell> cells, List<String> level) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (CubeCell cell : cells) {
            StringBuilder key = new StringBuilder();
            for (String dimension : level) {
                key.append(key.isEmpty() ? "" : ",")
                        .append(dimension)
                        .append('=')
                        .append(cell.dimension(dimension));
            }
            long[] sums = totals.computeIfAbsent(level.isEmpty() ? FLEET : key.toString(), k -> new long[2]);
            sums[0] += cell.attempts();
            sums[1] += cell.failures();
        }
        return totals;
    }

    private static boolean inScope(CubeCell cell, Map<String, String> scope) {
        return scope.entrySet().stream().allMatch(e -> e.getValue().equals(cell.dimension(e.getKey())));
    }

    static Map<String, String> dimensions(CubeCell cell) {
        Map<String, String> dims = new LinkedHashMap<>();
        for (String dimension : CubeCell.DIMENSIONS) {
            dims.put(dimension, cell.dimension(dimension));
        }
        return dims;
    }
}
