package dev.posmon.simulator.bench;

import dev.posmon.simulator.bench.DetectSchedule.Injection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the detection benchmark saw, and when: each sighting of an incident in alerting's API or of its alert in
 * Alertmanager (the first time it showed a given kind and scope), matched against the injections.
 * <p>
 * An injection is <b>detected</b> in a source at the first sighting there of its expected kind and exactly its scope,
 * between its onset and {@code matchAfter} past its end; its delay is that sighting's instant minus the onset. In the
 * API an incident that changes kind or scope in place counts from the moment it shows the right ones. More than one
 * incident matching one injection is a <b>duplicate</b> (a second page). An incident first seen during the run whose
 * sightings match no injection is a <b>false incident</b> (whatever its kind: wrong kind or scope for a real injection
 * shows up here, beside the injection's miss).
 */
public final class Detections {

    public enum Source {
        API,
        ALERTMANAGER
    }

    /**
     * @param seenAt        when the benchmark first saw it so (the poll's instant)
     * @param incidentOnset alerting's onset of the incident (API only; null from Alertmanager)
     * @param detectedAt    alerting's own detection instant (API only)
     */
    public record Sighting(
            Source source,
            String incidentId,
            String kind,
            Map<String, String> scope,
            Instant seenAt,
            Instant incidentOnset,
            Instant detectedAt) {

        /** The scope is kept sorted by dimension, so that it prints the same way in every run. */
        public Sighting {
            scope = Collections.unmodifiableSortedMap(new TreeMap<>(scope));
        }

        String key() {
            return source + "|" + incidentId + "|" + kind + "|" + scope;
        }

        boolean matches(Injection injection, Duration matchAfter) {
            return kind.equals(injection.kind())
                    && scope.equals(injection.scope())
                    && !seenAt.isBefore(injection.onset())
                    && !seenAt.isAfter(injection.end().plus(matchAfter));
        }
    }

    /** One injection's outcome; delays in seconds, null when missed. */
    public record Row(
            int number,
            String id,
            String kind,
            Map<String, String> scope,
            int terminalsInScope,
            Instant onset,
            Instant end,
            Double apiSeconds,
            Double alertmanagerSeconds,
            List<String> incidentIds,
            Instant incidentOnset,
            Instant detectedAt,
            String firstSeenAs) {

        public Row {
            scope = Collections.unmodifiableSortedMap(new TreeMap<>(scope));
        }
    }

    /** Figures of one kind, or of all ({@code kind} "overall"). */
    public record Figures(
            String kind,
            int n,
            int apiMisses,
            int alertmanagerMisses,
            Double apiP50,
            Double apiP95,
            Double alertmanagerP50,
            Double alertmanagerP95) {}

    public record Result(
            List<Row> rows,
            List<Figures> figures,
            List<Sighting> falseIncidents,
            int duplicates,
            boolean alertmanagerWatched) {}

    private final List<Injection> injections;
    private final Map<String, Integer> terminalsInScope;
    private final Duration matchAfter;
    private final Set<String> before;
    private final Map<String, Sighting> first = new LinkedHashMap<>();

    /**
     * @param terminalsInScope injection id → terminals of the fleet in its scope
     * @param before           incident ids that existed before the run (ignored)
     */
    public Detections(
            List<Injection> injections,
            Map<String, Integer> terminalsInScope,
            Duration matchAfter,
            Set<String> before) {
        this.injections = List.copyOf(injections);
        this.terminalsInScope = Map.copyOf(terminalsInScope);
        this.matchAfter = matchAfter;
        this.before = Set.copyOf(before);
    }

    /** Records a sighting if its incident, kind and scope were not seen in that source before; answers whether it is new. */
    public boolean observe(Sighting sighting) {
        if (before.contains(sighting.incidentId())) {
            return false;
        }
        return first.putIfAbsent(sighting.key(), sighting) == null;
    }

    /** The injection a sighting matches, or null. */
    public Injection matching(Sighting sighting) {
        return injections.stream()
                .filter(i -> sighting.matches(i, matchAfter))
                .findFirst()
                .orElse(null);
    }

    /** Whether every injection has been seen in the API and (if watched) in Alertmanager. */
    public boolean allDetected(boolean alertmanagerWatched) {
        return injections.stream()
                .allMatch(i -> earliest(i, Source.API) != null
                        && (!alertmanagerWatched || earliest(i, Source.ALERTMANAGER) != null));
    }

    private Sighting earliest(Injection injection, Source source) {
        return first.values().stream()
                .filter(s -> s.source() == source && s.matches(injection, matchAfter))
                .min(Comparator.comparing(Sighting::seenAt))
                .orElse(null);
    }

    public Result result(boolean alertmanagerWatched) {
        List<Row> rows = new ArrayList<>();
        Set<String> matchedIds = new LinkedHashSet<>();
        int duplicates = 0;
        for (Injection i : injections) {
            Sighting api = earliest(i, Source.API);
            Sighting am = earliest(i, Source.ALERTMANAGER);
            List<String> ids = first.values().stream()
                    .filter(s -> s.source() == Source.API && s.matches(i, matchAfter))
                    .map(Sighting::incidentId)
                    .distinct()
                    .toList();
            matchedIds.addAll(ids);
            duplicates += Math.max(0, ids.size() - 1);
            String firstSeenAs = null;
            if (api != null) {
                Sighting earliestOfIncident = first.values().stream()
                        .filter(s -> s.source() == Source.API && s.incidentId().equals(api.incidentId()))
                        .min(Comparator.comparing(Sighting::seenAt))
                        .orElseThrow();
                firstSeenAs = earliestOfIncident.kind() + " " + earliestOfIncident.scope();
            }
            rows.add(new Row(
                    i.number(),
                    i.id(),
                    i.kind(),
                    i.scope(),
                    terminalsInScope.getOrDefault(i.id(), 0),
                    i.onset(),
                    i.end(),
                    api == null ? null : seconds(i.onset(), api.seenAt()),
                    am == null ? null : seconds(i.onset(), am.seenAt()),
                    ids,
                    api == null ? null : api.incidentOnset(),
                    api == null ? null : api.detectedAt(),
                    firstSeenAs));
        }
        Map<String, Sighting> falseIncidents = new LinkedHashMap<>();
        first.values().stream()
                .filter(s -> s.source() == Source.API && !matchedIds.contains(s.incidentId()))
                .sorted(Comparator.comparing(Sighting::seenAt))
                .forEach(s -> falseIncidents.putIfAbsent(s.incidentId(), s));
        List<Figures> figures = new ArrayList<>();
        List<String> kinds = injections.stream().map(Injection::kind).distinct().toList();
        for (String kind : kinds) {
            figures.add(figures(
                    kind, rows.stream().filter(r -> r.kind().equals(kind)).toList(), alertmanagerWatched));
        }
        figures.add(figures("overall", rows, alertmanagerWatched));
        return new Result(rows, figures, List.copyOf(falseIncidents.values()), duplicates, alertmanagerWatched);
    }

    private static Figures figures(String kind, List<Row> rows, boolean alertmanagerWatched) {
        List<Double> api =
                rows.stream().map(Row::apiSeconds).filter(Objects::nonNull).toList();
        List<Double> am = rows.stream()
                .map(Row::alertmanagerSeconds)
                .filter(Objects::nonNull)
                .toList();
        return new Figures(
                kind,
                rows.size(),
                rows.size() - api.size(),
                alertmanagerWatched ? rows.size() - am.size() : 0,
                percentile(api, 0.50),
                percentile(api, 0.95),
                percentile(am, 0.50),
                percentile(am, 0.95));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Nearest-rank percentile (the smallest value with at least {@code p} of the values at or below it); null for none. */
    public static Double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** The printed table: per injection, then per kind and overall, then false incidents and duplicates. */
    public static String table(Result result, String header) {
        StringBuilder out = new StringBuilder(header).append('\n').append('\n');
        out.append(String.format(
                Locale.ROOT,
                "%-3s %-34s %-20s %9s %-9s %8s %8s  %s%n",
                "#",
                "injection",
                "scope",
                "terminals",
                "onset",
                "→API s",
                "→AM s",
                "incident (first seen as)"));
        for (Row r : result.rows()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-3d %-34s %-20s %,9d %-9s %8s %8s  %s%n",
                    r.number(),
                    r.id(),
                    r.scope(),
                    r.terminalsInScope(),
                    DateTimeFormatter.ofPattern("HH:mm:ss")
                            .withZone(ZoneOffset.UTC)
                            .format(r.onset()),
                    seconds(r.apiSeconds()),
                    result.alertmanagerWatched() ? seconds(r.alertmanagerSeconds()) : "-",
                    r.incidentIds().isEmpty()
                            ? "missed"
                            : String.join(", ", r.incidentIds())
                                    + (r.firstSeenAs() == null ? "" : " (" + r.firstSeenAs() + ")")));
        }
        out.append('\n');
        out.append(String.format(
                Locale.ROOT,
                "%-16s %3s %12s %12s %16s %16s%n",
                "kind",
                "n",
                "misses API",
                "misses AM",
                "onset→API p50/p95",
                "onset→AM p50/p95"));
        for (Figures f : result.figures()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-16s %3d %12d %12s %16s %16s%n",
                    f.kind(),
                    f.n(),
                    f.apiMisses(),
                    result.alertmanagerWatched() ? String.valueOf(f.alertmanagerMisses()) : "-",
                    seconds(f.apiP50()) + " / " + seconds(f.apiP95()),
                    result.alertmanagerWatched()
                            ? seconds(f.alertmanagerP50()) + " / " + seconds(f.alertmanagerP95())
                            : "-"));
        }
        out.append('\n')
                .append(String.format(
                        "false incidents: %d    duplicate incidents: %d%n",
                        result.falseIncidents().size(), result.duplicates()));
        for (Sighting s : result.falseIncidents()) {
            out.append(String.format(
                    "  false: %s %s %s, onset %s, first seen %s%n",
                    s.incidentId(), s.kind(), s.scope(), s.incidentOnset(), s.seenAt()));
        }
        return out.toString();
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
