package dev.posmon.simulator.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.GroundTruth.Truth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches the incidents alerting produced against the ground truth of played scenarios. Plain class.
 * <ul>
 *   <li>An incident is <b>scored</b> when its onset lies in a run's scored span (after the warm-up, before the end).</li>
 *   <li>It <b>hits</b> a truth when one scope contains the other (a host outage named as host and province still
 *       hits) and its onset lies between {@link #EARLY} before the truth's onset and {@link #LATE} after its end.</li>
 *   <li><b>precision</b>: scored incidents that hit a truth / scored incidents (1 when there are none);
 *       <b>recall</b>: truths hit / truths; <b>kind accuracy</b>: detected truths hit by an incident of the
 *       expected kind / detected truths; <b>exact scope</b>: detected truths hit by an incident with exactly the
 *       truth's scope / detected truths.</li>
 *   <li><b>detection delay (event time)</b> of a detected truth: the end of the first anomalous cube window of its
 *       earliest hitting incident (the incident's onset plus one window), minus the truth's onset, at least 0: the
 *       event time by which the evidence that opened it existed. <b>delay on the simulated clock</b>: the simulated
 *       time at the incident's detectedAt (wall clock, mapped through the run's clock) minus the truth's onset;
 *       it includes the pipeline's processing time multiplied by the speed.</li>
 *   <li><b>false pages</b>: scored incidents of a paging kind that hit no truth; <b>quiet pages</b>: those of them
 *       whose onset lies outside every disruption (with the same margins).</li>
 * </ul>
 */
public final class Score {

    public static final Duration EARLY = Duration.ofMinutes(2);
    public static final Duration LATE = Duration.ofMinutes(5);
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** alerting's paging kinds (IncidentKind.pages()). */
    static final Set<String> PAGING = Set.of("HOST_OUTAGE", "HOST_MAINTENANCE", "NETWORK_OUTAGE", "KEY_SYNC", "SOFTWARE_DEFECT");

    private Score() {
    }

    /** One truth and what detected it. */
    public record Row(String run, String truth, String type, String expectedKind, Map<String, String> expectedScope, Instant onset,
                      Instant end, boolean detected, String incidentId, String kind, Map<String, String> scope, boolean kindRight,
                      boolean scopeExact, Double delayEventSeconds, Double delaySimClockSeconds) {
    }

    /** A scored incident that hit nothing. */
    public record FalseIncident(String id, String kind, Map<String, String> scope, Instant onset, boolean pages, boolean inQuietPeriod) {
    }

    public record Result(int scoredIncidents, int truths, int hittingIncidents, int detectedTruths, double precision, double recall,
                         double kindAccuracy, double exactScope, Double delayEventP50Seconds, Double delayEventP95Seconds,
                         Double delaySimClockP50Seconds, Double delaySimClockP95Seconds, int falsePages, int quietPages, List<Row> rows,
                         List<FalseIncident> falseIncidents) {
    }

    public static Result score(List<GroundTruth> runs, List<IncidentRecord> incidents) {
        List<IncidentRecord> scored = incidents.stream().filter(i -> runOf(runs, i.onset()) != null)
                .sorted(Comparator.comparing(IncidentRecord::onset).thenComparing(IncidentRecord::id)).toList();
        List<Row> rows = new ArrayList<>();
        List<Double> eventDelays = new ArrayList<>();
        List<Double> clockDelays = new ArrayList<>();
        int kindRight = 0;
        int scopeExact = 0;
        for (GroundTruth run : runs) {
            for (Truth truth : run.truths()) {
                List<IncidentRecord> hits = scored.stream().filter(i -> hits(i, truth)).toList();
                if (hits.isEmpty()) {
                    rows.add(new Row(run.scenario(), truth.id(), truth.type(), truth.kind(), truth.scope(), truth.onset(), truth.end(), false,
                            null, null, null, false, false, null, null));
                    continue;
                }
                IncidentRecord first = hits.stream().filter(i -> i.kind().equals(truth.kind())).findFirst().orElse(hits.get(0));
                boolean rightKind = hits.stream().anyMatch(i -> i.kind().equals(truth.kind()));
                boolean exact = hits.stream().anyMatch(i -> i.scope().equals(truth.scope()));
                kindRight += rightKind ? 1 : 0;
                scopeExact += exact ? 1 : 0;
                double eventDelay = Math.max(0, Duration.between(truth.onset(), first.onset().plus(WINDOW)).toMillis() / 1000.0);
                Double clockDelay = first.detectedAt() == null ? null
                        : Duration.between(truth.onset(), run.clock().simulatedAt(first.detectedAt())).toMillis() / 1000.0;
                eventDelays.add(eventDelay);
                if (clockDelay != null) {
                    clockDelays.add(clockDelay);
                }
                rows.add(new Row(run.scenario(), truth.id(), truth.type(), truth.kind(), truth.scope(), truth.onset(), truth.end(), true,
                        first.id(), first.kind(), first.scope(), rightKind, exact, eventDelay, clockDelay));
            }
        }
        List<FalseIncident> falseIncidents = new ArrayList<>();
        int hitting = 0;
        for (IncidentRecord incident : scored) {
            boolean hit = runs.stream().flatMap(r -> r.truths().stream()).anyMatch(t -> hits(incident, t));
            if (hit) {
                hitting++;
                continue;
            }
            boolean quiet = runs.stream().flatMap(r -> r.truths().stream()).noneMatch(t -> during(incident.onset(), t));
            falseIncidents.add(new FalseIncident(incident.id(), incident.kind(), incident.scope(), incident.onset(), PAGING.contains(incident.kind()),
                    quiet));
        }
        int truths = rows.size();
        int detected = (int) rows.stream().filter(Row::detected).count();
        return new Result(scored.size(), truths, hitting, detected, scored.isEmpty() ? 1.0 : (double) hitting / scored.size(),
                truths == 0 ? 1.0 : (double) detected / truths, detected == 0 ? 0.0 : (double) kindRight / detected,
                detected == 0 ? 0.0 : (double) scopeExact / detected, percentile(eventDelays, 50), percentile(eventDelays, 95),
                percentile(clockDelays, 50), percentile(clockDelays, 95), (int) falseIncidents.stream().filter(FalseIncident::pages).count(),
                (int) falseIncidents.stream().filter(f -> f.pages() && f.inQuietPeriod()).count(), rows, falseIncidents);
    }

    private static GroundTruth runOf(List<GroundTruth> runs, Instant onset) {
        return runs.stream().filter(r -> onset != null && !onset.isBefore(r.scoredFrom()) && onset.isBefore(r.simEnd())).findFirst().orElse(null);
    }

    static boolean hits(IncidentRecord incident, Truth truth) {
        return during(incident.onset(), truth) && related(incident.scope(), truth.scope());
    }

    private static boolean during(Instant onset, Truth truth) {
        return !onset.isBefore(truth.onset().minus(EARLY)) && !onset.isAfter(truth.end().plus(LATE));
    }

    /** One scope contains the other. */
    static boolean related(Map<String, String> a, Map<String, String> b) {
        return a.entrySet().containsAll(b.entrySet()) || b.entrySet().containsAll(a.entrySet());
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

    /** The result as a table for a terminal. */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-26s %-21s %-32s %-8s %-21s %-34s %9s %9s%n", "truth", "expected kind", "expected scope", "detected",
                "incident kind", "incident scope", "delay ev", "delay sim"));
        for (Row row : result.rows()) {
            out.append(String.format("%-26s %-21s %-32s %-8s %-21s %-34s %9s %9s%n", row.truth(), row.expectedKind(), row.expectedScope(),
                    row.detected() ? "yes" : "NO", row.detected() ? row.kind() + (row.kindRight() ? "" : " (!)") : "-",
                    row.detected() ? row.scope() + (row.scopeExact() ? "" : " (~)") : "-", seconds(row.delayEventSeconds()),
                    seconds(row.delaySimClockSeconds())));
        }
        for (FalseIncident f : result.falseIncidents()) {
            out.append(String.format("false incident %s %s %s onset %s%s%n", f.id(), f.kind(), f.scope(), f.onset(),
                    f.pages() ? (f.inQuietPeriod() ? " — PAGED IN A QUIET PERIOD" : " — paged") : ""));
        }
        out.append(String.format("%nprecision %.3f (%d of %d incidents hit a truth)   recall %.3f (%d of %d truths detected)%n", result.precision(),
                result.hittingIncidents(), result.scoredIncidents(), result.recall(), result.detectedTruths(), result.truths()));
        out.append(String.format("kind accuracy %.3f   exact scope %.3f   false pages %d   pages in quiet periods %d%n", result.kindAccuracy(),
                result.exactScope(), result.falsePages(), result.quietPages()));
        out.append(String.format("detection delay, event time: p50 %s p95 %s   on the simulated clock: p50 %s p95 %s%n",
                seconds(result.delayEventP50Seconds()), seconds(result.delayEventP95Seconds()), seconds(result.delaySimClockP50Seconds()),
                seconds(result.delaySimClockP95Seconds())));
        return out.toString();
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
