package dev.posmon.simulator.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.GroundTruth.Truth;
import dev.posmon.simulator.score.Coverage.Fit;
import dev.posmon.simulator.score.Coverage.ScopeFit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Matches the incidents alerting produced against the ground truth of played scenarios, strictly: an incident counts
 * only when it names the truth's terminals. Plain class.
 * <ul>
 *   <li>An incident is <b>scored</b> when its onset lies in a run's scored span (after the warm-up, before the end).</li>
 *   <li>It <b>hits</b> a truth when its onset lies between {@link #EARLY} before the truth's onset and {@link #LATE}
 *       after its end and its scope {@link Coverage fits} the truth's, judged on the terminals of the run's fleet:
 *       <b>exactly</b> (the same scope, or the same terminals: {@code {firmware=PAX-7.3.9}} is
 *       {@code {model=A920, firmware=PAX-7.3.9}} when only the A920 runs that firmware), <b>wider</b> (all the
 *       truth's terminals and more) or <b>narrower</b> (some of them and no others). Each truth is classed by the
 *       best fit of the incidents that hit it (exact, wider, narrower), else <b>missed</b>.</li>
 *   <li><b>precision</b>: scored incidents that hit a truth exactly / scored incidents (1 when there are none);
 *       <b>recall</b>: truths hit exactly / truths. A wider or narrower incident counts against both. A second
 *       incident that hits a truth exactly counts as an exact hit; it is listed as a <b>duplicate</b>.</li>
 *   <li><b>kind accuracy</b>: truths hit (exactly, wider or narrower) by an incident of the expected kind / truths
 *       hit.</li>
 *   <li><b>affected terminals</b>: the truth's count (the terminals the disruption made fail, as the simulator
 *       generated them) beside the {@code affectedTerminals} of the incident that classed the truth, and its relative
 *       error.</li>
 *   <li><b>detection delay (event time)</b> of a hit truth: the end of the first anomalous cube window of its
 *       earliest hitting incident (of the expected kind if there is one; the incident's onset plus one window), minus
 *       the truth's onset, at least 0: the event time by which the evidence that opened it existed. <b>delay on the
 *       simulated clock</b>: the simulated time at that incident's detectedAt (wall clock, mapped through the run's
 *       clock) minus the truth's onset; it includes the pipeline's processing time multiplied by the speed.</li>
 *   <li><b>false pages</b>: scored incidents of a paging kind that hit no truth at all (not even wider or narrower);
 *       <b>quiet pages</b>: those of them whose onset lies outside every disruption (with the same margins).</li>
 * </ul>
 */
public final class Score {

    public static final Duration EARLY = Duration.ofMinutes(2);
    public static final Duration LATE = Duration.ofMinutes(5);
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** alerting's paging kinds (IncidentKind.pages()). */
    static final Set<String> PAGING =
            Set.of("HOST_OUTAGE", "HOST_MAINTENANCE", "NETWORK_OUTAGE", "KEY_SYNC", "SOFTWARE_DEFECT");

    private Score() {}

    /**
     * One truth, its class and the incident that classed it (the best fit; among equals, of the expected kind, then the
     * earliest).
     *
     * @param fitReason        the terminal counts behind the class
     * @param hitBy            how many scored incidents hit it (of any class): more than one is more than one page
     * @param affectedTruth    terminals the disruption made fail (null if not counted)
     * @param stillFailingTruth those of them still failing at its end
     * @param affectedIncident the incident's {@code affectedTerminals}
     * @param affectedError    (incident − truth) / truth
     */
    public record Row(
            String run,
            String truth,
            String type,
            String expectedKind,
            Map<String, String> expectedScope,
            Instant onset,
            Instant end,
            Fit fit,
            String fitReason,
            int hitBy,
            String incidentId,
            String kind,
            Map<String, String> scope,
            boolean kindRight,
            Integer affectedTruth,
            Integer stillFailingTruth,
            Long affectedIncident,
            Double affectedError,
            Double delayEventSeconds,
            Double delaySimClockSeconds) {

        public boolean detected() {
            return fit != Fit.MISSED;
        }
    }

    /** A scored incident that hit a truth, but none exactly: how it fits the truth it fits best. */
    public record InexactIncident(
            String id,
            String kind,
            Map<String, String> scope,
            Instant onset,
            String truth,
            Fit fit,
            String fitReason) {}

    /**
     * A scored incident that hit a truth exactly, as another incident did before it (the one that classed the truth): it
     * counts as an exact hit, and this list shows the second page.
     */
    public record DuplicateIncident(
            String id, String kind, Map<String, String> scope, Instant onset, String truth, String classedBy) {}

    /** A scored incident that hit nothing. */
    public record FalseIncident(
            String id, String kind, Map<String, String> scope, Instant onset, boolean pages, boolean inQuietPeriod) {}

    /**
     * @param exactIncidents   scored incidents that hit a truth exactly
     * @param hittingIncidents scored incidents that hit a truth at all (exactly, wider or narrower)
     */
    public record Result(
            int scoredIncidents,
            int truths,
            int exactIncidents,
            int hittingIncidents,
            int exact,
            int wider,
            int narrower,
            int missed,
            double precision,
            double recall,
            double kindAccuracy,
            Double delayEventP50Seconds,
            Double delayEventP95Seconds,
            Double delaySimClockP50Seconds,
            Double delaySimClockP95Seconds,
            int falsePages,
            int quietPages,
            List<Row> rows,
            List<InexactIncident> inexactIncidents,
            List<DuplicateIncident> duplicateIncidents,
            List<FalseIncident> falseIncidents) {}

    /** Scores against each run's fleet, drawn again from its truth. */
    public static Result score(List<GroundTruth> runs, List<IncidentRecord> incidents) {
        Map<String, Coverage> byFleet = new HashMap<>();
        return score(
                runs,
                incidents,
                run -> byFleet.computeIfAbsent(
                        run.terminals() + "/" + run.seed() + "/" + run.chronicShare() + "/" + run.frozenShare(),
                        k -> new Coverage(run.fleet())));
    }

    static Result score(
            List<GroundTruth> runs, List<IncidentRecord> incidents, Function<GroundTruth, Coverage> coverageOf) {
        List<IncidentRecord> scored = incidents.stream()
                .filter(i -> runOf(runs, i.onset()) != null)
                .sorted(Comparator.comparing(IncidentRecord::onset).thenComparing(IncidentRecord::id))
                .toList();
        List<Row> rows = new ArrayList<>();
        List<Double> eventDelays = new ArrayList<>();
        List<Double> clockDelays = new ArrayList<>();
        // each scored incident's best fit to any truth, and to which
        Map<String, Hit> best = new HashMap<>();
        Map<Truth, IncidentRecord> classedBy = new HashMap<>();
        int kindRight = 0;
        for (GroundTruth run : runs) {
            Coverage coverage = coverageOf.apply(run);
            for (Truth truth : run.truths()) {
                List<Hit> hits = new ArrayList<>();
                for (IncidentRecord incident : scored) {
                    if (!during(incident.onset(), truth)) {
                        continue;
                    }
                    ScopeFit fit = coverage.fit(incident.scope(), truth.scope());
                    if (fit.fit() != Fit.MISSED) {
                        Hit hit = new Hit(incident, truth, fit);
                        hits.add(hit);
                        best.merge(
                                incident.id(),
                                hit,
                                (a, b) -> b.fit().fit().compareTo(a.fit().fit()) < 0 ? b : a);
                    }
                }
                if (hits.isEmpty()) {
                    rows.add(new Row(
                            run.scenario(),
                            truth.id(),
                            truth.type(),
                            truth.kind(),
                            truth.scope(),
                            truth.onset(),
                            truth.end(),
                            Fit.MISSED,
                            "no incident of a fitting scope in its time",
                            0,
                            null,
                            null,
                            null,
                            false,
                            truth.affectedTerminals(),
                            truth.stillFailingTerminals(),
                            null,
                            null,
                            null,
                            null));
                    continue;
                }
                Hit classing = hits.stream()
                        .min(Comparator.comparing((Hit h) -> h.fit().fit())
                                .thenComparing(h -> !h.incident().kind().equals(truth.kind()))
                                .thenComparing(h -> h.incident().onset()))
                        .orElseThrow();
                IncidentRecord first = hits.stream()
                        .map(Hit::incident)
                        .filter(i -> i.kind().equals(truth.kind()))
                        .findFirst()
                        .orElse(hits.get(0).incident());
                boolean rightKind =
                        hits.stream().anyMatch(h -> h.incident().kind().equals(truth.kind()));
                kindRight += rightKind ? 1 : 0;
                double eventDelay = Math.max(
                        0,
                        Duration.between(truth.onset(), first.onset().plus(WINDOW))
                                        .toMillis()
                                / 1000.0);
                Double clockDelay = first.detectedAt() == null
                        ? null
                        : Duration.between(truth.onset(), run.clock().simulatedAt(first.detectedAt()))
                                        .toMillis()
                                / 1000.0;
                eventDelays.add(eventDelay);
                if (clockDelay != null) {
                    clockDelays.add(clockDelay);
                }
                IncidentRecord incident = classing.incident();
                classedBy.put(truth, incident);
                Integer affected = truth.affectedTerminals();
                Double error = affected == null || affected == 0
                        ? null
                        : (incident.affectedTerminals() - affected) / (double) affected;
                rows.add(new Row(
                        run.scenario(),
                        truth.id(),
                        truth.type(),
                        truth.kind(),
                        truth.scope(),
                        truth.onset(),
                        truth.end(),
                        classing.fit().fit(),
                        classing.fit().reason(),
                        hits.size(),
                        incident.id(),
                        incident.kind(),
                        incident.scope(),
                        rightKind,
                        affected,
                        truth.stillFailingTerminals(),
                        incident.affectedTerminals(),
                        error,
                        eventDelay,
                        clockDelay));
            }
        }
        List<InexactIncident> inexactIncidents = new ArrayList<>();
        List<DuplicateIncident> duplicateIncidents = new ArrayList<>();
        List<FalseIncident> falseIncidents = new ArrayList<>();
        int exactIncidents = 0;
        for (IncidentRecord incident : scored) {
            Hit hit = best.get(incident.id());
            if (hit == null) {
                boolean quiet =
                        runs.stream().flatMap(r -> r.truths().stream()).noneMatch(t -> during(incident.onset(), t));
                falseIncidents.add(new FalseIncident(
                        incident.id(),
                        incident.kind(),
                        incident.scope(),
                        incident.onset(),
                        PAGING.contains(incident.kind()),
                        quiet));
            } else if (hit.fit().fit() == Fit.EXACT) {
                exactIncidents++;
                IncidentRecord first = classedBy.get(hit.truth());
                if (!first.id().equals(incident.id())) {
                    duplicateIncidents.add(new DuplicateIncident(
                            incident.id(),
                            incident.kind(),
                            incident.scope(),
                            incident.onset(),
                            hit.truth().id(),
                            first.id() + " " + first.kind()));
                }
            } else {
                inexactIncidents.add(new InexactIncident(
                        incident.id(),
                        incident.kind(),
                        incident.scope(),
                        incident.onset(),
                        hit.truth().id(),
                        hit.fit().fit(),
                        hit.fit().reason()));
            }
        }
        int truths = rows.size();
        Map<Fit, Long> byFit = rows.stream()
                .collect(Collectors.groupingBy(Row::fit, () -> new EnumMap<>(Fit.class), Collectors.counting()));
        int exact = byFit.getOrDefault(Fit.EXACT, 0L).intValue();
        int missed = byFit.getOrDefault(Fit.MISSED, 0L).intValue();
        int hitTruths = truths - missed;
        return new Result(
                scored.size(),
                truths,
                exactIncidents,
                exactIncidents + inexactIncidents.size(),
                exact,
                byFit.getOrDefault(Fit.WIDER, 0L).intValue(),
                byFit.getOrDefault(Fit.NARROWER, 0L).intValue(),
                missed,
                scored.isEmpty() ? 1.0 : (double) exactIncidents / scored.size(),
                truths == 0 ? 1.0 : (double) exact / truths,
                hitTruths == 0 ? 0.0 : (double) kindRight / hitTruths,
                percentile(eventDelays, 50),
                percentile(eventDelays, 95),
                percentile(clockDelays, 50),
                percentile(clockDelays, 95),
                (int) falseIncidents.stream().filter(FalseIncident::pages).count(),
                (int) falseIncidents.stream()
                        .filter(f -> f.pages() && f.inQuietPeriod())
                        .count(),
                rows,
                inexactIncidents,
                duplicateIncidents,
                falseIncidents);
    }

    private record Hit(IncidentRecord incident, Truth truth, ScopeFit fit) {}

    private static GroundTruth runOf(List<GroundTruth> runs, Instant onset) {
        return runs.stream()
                .filter(r -> onset != null && !onset.isBefore(r.scoredFrom()) && onset.isBefore(r.simEnd()))
                .findFirst()
                .orElse(null);
    }

    private static boolean during(Instant onset, Truth truth) {
        return !onset.isBefore(truth.onset().minus(EARLY))
                && !onset.isAfter(truth.end().plus(LATE));
    }

    /** Nearest-rank percentile; null for no values. */
    static Double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /**
     * The result as a table for a terminal: a line per truth, then the incidents that hit no truth exactly, then the
     * figures.
     */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder();
        String row = "%-26s %-9s %4s %-21s %-32s %-21s %-34s %9s %9s %7s %9s %9s %9s%n";
        out.append(String.format(
                row,
                "truth",
                "class",
                "hit",
                "expected kind",
                "expected scope",
                "incident kind",
                "incident scope",
                "affected:",
                "incident",
                "error",
                "still",
                "delay ev",
                "delay sim"));
        out.append(String.format(row, "", "", "by", "", "", "", "", "truth", "", "", "failing", "", ""));
        for (Row r : result.rows()) {
            out.append(String.format(
                    row,
                    r.truth(),
                    r.fit(),
                    r.hitBy(),
                    r.expectedKind(),
                    r.expectedScope(),
                    r.detected() ? r.kind() + (r.kindRight() ? "" : " (!)") : "-",
                    r.detected() ? r.scope() : "-",
                    count(r.affectedTruth()),
                    r.detected() ? count(r.affectedIncident()) : "-",
                    r.affectedError() == null ? "-" : String.format("%+.0f%%", 100 * r.affectedError()),
                    count(r.stillFailingTruth()),
                    seconds(r.delayEventSeconds()),
                    seconds(r.delaySimClockSeconds())));
        }
        for (Row r : result.rows()) {
            if (r.fit() != Fit.EXACT) {
                out.append(String.format("%s %s: %s%n", r.truth(), r.fit(), r.fitReason()));
            }
        }
        for (InexactIncident i : result.inexactIncidents()) {
            out.append(String.format(
                    "inexact incident %s %s %s onset %s: %s than %s (%s)%n",
                    i.id(), i.kind(), i.scope(), i.onset(), i.fit().name().toLowerCase(), i.truth(), i.fitReason()));
        }
        for (DuplicateIncident d : result.duplicateIncidents()) {
            out.append(String.format(
                    "duplicate incident %s %s %s onset %s: %s was hit exactly by %s already%n",
                    d.id(), d.kind(), d.scope(), d.onset(), d.truth(), d.classedBy()));
        }
        for (FalseIncident f : result.falseIncidents()) {
            out.append(String.format(
                    "false incident %s %s %s onset %s%s%n",
                    f.id(),
                    f.kind(),
                    f.scope(),
                    f.onset(),
                    f.pages() ? (f.inQuietPeriod() ? " — PAGED IN A QUIET PERIOD" : " — paged") : ""));
        }
        out.append(String.format(
                "%nprecision %.3f (%d of %d incidents hit a truth exactly)   recall %.3f (%d of %d truths hit exactly)%n",
                result.precision(),
                result.exactIncidents(),
                result.scoredIncidents(),
                result.recall(),
                result.exact(),
                result.truths()));
        out.append(String.format(
                "truths: exact %d, wider %d, narrower %d, missed %d   kind accuracy %.3f   duplicates %d   false pages %d"
                        + "   pages in quiet periods %d%n",
                result.exact(),
                result.wider(),
                result.narrower(),
                result.missed(),
                result.kindAccuracy(),
                result.duplicateIncidents().size(),
                result.falsePages(),
                result.quietPages()));
        out.append(String.format(
                "detection delay, event time: p50 %s p95 %s   on the simulated clock: p50 %s p95 %s%n",
                seconds(result.delayEventP50Seconds()),
                seconds(result.delayEventP95Seconds()),
                seconds(result.delaySimClockP50Seconds()),
                seconds(result.delaySimClockP95Seconds())));
        return out.toString();
    }

    private static String count(Number n) {
        return n == null ? "-" : String.format("%,d", n.longValue());
    }

    private static String seconds(Double s) {
        return s == null ? "-" : String.format("%.0f s", s);
    }

    private static final ObjectMapper JSON = ContractJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    public static void write(Result result, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
