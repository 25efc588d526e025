package dev.posmon.alerting.report;

import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.report.ReportData.HealthEvent;
import dev.posmon.alerting.report.ReportData.Rollup;
import dev.posmon.alerting.report.WeeklyReport.Breakdown;
import dev.posmon.alerting.report.WeeklyReport.CauseShare;
import dev.posmon.alerting.report.WeeklyReport.Completeness;
import dev.posmon.alerting.report.WeeklyReport.Day;
import dev.posmon.alerting.report.WeeklyReport.Fleet;
import dev.posmon.alerting.report.WeeklyReport.Gap;
import dev.posmon.alerting.report.WeeklyReport.IncidentLine;
import dev.posmon.alerting.report.WeeklyReport.IncidentSummary;
import dev.posmon.alerting.report.WeeklyReport.MaintenanceTaken;
import dev.posmon.alerting.report.WeeklyReport.MerchantLine;
import dev.posmon.alerting.report.WeeklyReport.Series;
import dev.posmon.alerting.report.WeeklyReport.TerminalLine;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.Regions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the {@link WeeklyReport} of an ISO week in a time zone from alerting's stored data. Plain class: the
 * clock says when "now" is (a week still in progress is reported up to now, its future hours are not gaps).
 *
 * <p>The week's hours are the rollup hours (UTC-aligned) from Monday 00:00 local to the next Monday 00:00: 168,
 * or 167/169 in a week with a daylight-saving change. In a zone whose offset is not whole hours, an hour's rollup
 * counts in the week its hour starts in.
 */
public final class ReportBuilder {

    private static final int MAX_GAPS_IN_TEXT = 8;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final ReportSettings settings;
    private final Clock clock;
    private final Language language;
    private final Texts texts;
    private final DateTimeFormatter dayHour;

    public ReportBuilder(ReportSettings settings, Clock clock) {
        this(settings, clock, Language.EN);
    }

    /** @param language the language of the report's sentences (its JSON keys and values such as causes stay as they are) */
    public ReportBuilder(ReportSettings settings, Clock clock, Language language) {
        this.settings = settings;
        this.clock = clock;
        this.language = language;
        this.texts = texts(language);
        this.dayHour = DateTimeFormatter.ofPattern("EEE HH:mm", language.locale());
    }

    /** The report's texts (bundle {@code report} beside this class) in {@code language}. */
    static Texts texts(Language language) {
        return Texts.of(ReportBuilder.class, "report", language);
    }

    public WeeklyReport build(IsoWeek week, ZoneId zone, ReportData data) {
        Instant now = clock.instant();
        ZonedDateTime start = week.start(zone);
        ZonedDateTime end = week.end(zone);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = week.monday(); day.isBefore(week.monday().plusDays(7)); day = day.plusDays(1)) {
            days.add(day);
        }
        Tallies current = tally(data, week, zone);
        Tallies previous = tally(data, week.previous(), zone);

        Fleet fleet = fleet(current, previous, week.previous());
        Completeness completeness = completeness(current, zone, now);
        List<CauseShare> causes = causes(current, previous);
        List<IncidentRecord> incidents = data.incidents(start.toInstant(), end.toInstant()).stream()
                .sorted(Comparator.comparing(IncidentRecord::onset).thenComparing(IncidentRecord::id))
                .toList();
        IncidentSummary incidentSummary = incidentSummary(incidents, start.toInstant(), end.toInstant());
        List<MaintenanceTaken> maintenance =
                maintenance(data.maintenanceWindows(), incidents, start.toInstant(), end.toInstant());
        long maintenanceMinutes =
                maintenance.stream().mapToLong(MaintenanceTaken::minutes).sum();
        Terminals terminals = terminals(
                data.health(start.toInstant(), end.toInstant()), start.toInstant(), min(end.toInstant(), now), zone);
        List<Breakdown> byProvince = breakdown(current.province, previous.province, this::provinceLabel);

        List<String> headlines = new ArrayList<>();
        headlines.add(fleetHeadline(fleet, week.previous()));
        headlines.add(completeness.text());
        byProvince.stream()
                .filter(row -> !row.lowVolume())
                .findFirst()
                .ifPresent(worst -> headlines.add(
                        texts.get("headline.worstProvince", worst.label(), Format.pct(worst.successRate()))));
        causes.stream()
                .filter(c -> c.failures() > 0)
                .findFirst()
                .ifPresent(top -> headlines.add(texts.get(
                        "headline.mostFailures",
                        top.cause(),
                        Format.pct(top.share()),
                        top.changePoints() == null
                                ? ""
                                : texts.get("headline.change", Format.points(top.changePoints())))));
        headlines.add(incidentSummary.note());
        headlines.add(
                maintenance.isEmpty()
                        ? texts.get("maintenance.none")
                        : texts.get("maintenance.taken", maintenance.size(), Format.duration(maintenanceMinutes * 60)));

        return new WeeklyReport(
                week.toString(),
                zone.getId(),
                start.toOffsetDateTime(),
                end.toOffsetDateTime(),
                now,
                !now.isBefore(end.toInstant()),
                headlines,
                fleet,
                completeness,
                byProvince,
                breakdown(current.host, previous.host, Function.identity()),
                breakdown(current.carrier, previous.carrier, Function.identity()),
                breakdown(current.modelFirmware, previous.modelFirmware, Function.identity()),
                daily(current, days, zone, now),
                series(current.provinceDaily, current.province, this::provinceLabel),
                series(current.hostDaily, current.host, Function.identity()),
                causes,
                causesNote(current, previous, week.previous()),
                incidentSummary,
                incidents.stream().map(this::line).toList(),
                maintenance,
                maintenanceMinutes,
                terminals.worst,
                terminals.merchants,
                terminals.note,
                data.acquirer());
    }

    // ------------------------------------------------------------------------------------------- rollups

    /** Attempts, successes, failures and failures by cause of some set of rollups. */
    private static final class Tally {
        long attempts;
        long successes;
        long failures;
        final Map<String, Long> causes = new TreeMap<>();

        void add(Rollup row) {
            attempts += row.attempts();
            successes += row.successes();
            failures += row.failures();
            row.failuresByCause().forEach((cause, n) -> causes.merge(cause, n, Long::sum));
        }

        Double successRate() {
            return attempts == 0 ? null : (double) successes / attempts;
        }

        long causeTotal() {
            return causes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One week's rollups summed every way the report needs. */
    private static final class Tallies {
        final Instant from;
        final Instant to;
        final Tally fleet = new Tally();
        final Map<Instant, Tally> hours = new HashMap<>();
        final Map<String, Tally> province = new HashMap<>();
        final Map<String, Tally> host = new HashMap<>();
        final Map<String, Tally> carrier = new HashMap<>();
        final Map<String, Tally> modelFirmware = new HashMap<>();
        final Map<String, Tally[]> provinceDaily = new HashMap<>();
        final Map<String, Tally[]> hostDaily = new HashMap<>();
        final LocalDate monday;
        final ZoneId zone;

        Tallies(Instant from, Instant to, LocalDate monday, ZoneId zone) {
            this.from = from;
            this.to = to;
            this.monday = monday;
            this.zone = zone;
        }

        void add(Rollup row) {
            if (row.hour().isBefore(from) || !row.hour().isBefore(to)) {
                return;
            }
            fleet.add(row);
            hours.computeIfAbsent(row.hour(), h -> new Tally()).add(row);
            province.computeIfAbsent(row.province(), k -> new Tally()).add(row);
            host.computeIfAbsent(row.host(), k -> new Tally()).add(row);
            carrier.computeIfAbsent(row.carrier(), k -> new Tally()).add(row);
            modelFirmware
                    .computeIfAbsent(row.model() + " / " + row.firmware(), k -> new Tally())
                    .add(row);
            int day = dayIndex(row.hour());
            daily(provinceDaily, row.province())[day].add(row);
            daily(hostDaily, row.host())[day].add(row);
        }

        int dayIndex(Instant hour) {
            return (int) Math.max(
                    0,
                    Math.min(
                            6, ChronoUnit.DAYS.between(monday, hour.atZone(zone).toLocalDate())));
        }

        List<Instant> weekHours() {
            List<Instant> all = new ArrayList<>();
            for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
                all.add(h);
            }
            return all;
        }

        private static Tally[] daily(Map<String, Tally[]> byKey, String key) {
            return byKey.computeIfAbsent(key, k -> {
                Tally[] days = new Tally[7];
                for (int i = 0; i < days.length; i++) {
                    days[i] = new Tally();
                }
                return days;
            });
        }
    }

    private static Tallies tally(ReportData data, IsoWeek week, ZoneId zone) {
        Tallies tallies = new Tallies(
                ceilHour(week.start(zone).toInstant()), ceilHour(week.end(zone).toInstant()), week.monday(), zone);
        data.rollups(tallies.from, tallies.to, tallies::add);
        return tallies;
    }

    private Fleet fleet(Tallies current, Tallies previous, IsoWeek previousWeek) {
        Tally now = current.fleet;
        Tally before = previous.fleet;
        Double change = now.successRate() == null || before.successRate() == null
                ? null
                : (now.successRate() - before.successRate()) * 100;
        String note;
        if (now.attempts == 0) {
            note = texts.get("note.noData");
        } else if (before.attempts == 0) {
            note = texts.get("note.noPrevious", previousWeek.toString());
        } else {
            note = null;
        }
        return new Fleet(
                now.attempts,
                now.successes,
                now.failures,
                now.successRate(),
                previousWeek.toString(),
                before.attempts == 0 ? null : before.attempts,
                before.successRate(),
                change,
                note);
    }

    private String fleetHeadline(Fleet fleet, IsoWeek previousWeek) {
        if (fleet.successRate() == null) {
            return texts.get("fleet.noData");
        }
        String rate = Format.pct(fleet.successRate());
        String attempts = Format.count(fleet.attempts());
        if (fleet.changePoints() == null) {
            return texts.get("fleet.noPrevious", rate, attempts, previousWeek.toString());
        }
        String before = Format.pct(fleet.previousSuccessRate());
        if (Math.abs(fleet.changePoints()) < 0.005) {
            return texts.get("fleet.unchanged", rate, attempts, previousWeek.toString(), before);
        }
        return texts.get(
                fleet.changePoints() > 0 ? "fleet.up" : "fleet.down",
                rate,
                attempts,
                String.format(Locale.ROOT, "%.2f", Math.abs(fleet.changePoints())),
                previousWeek.toString(),
                before);
    }

    private Completeness completeness(Tallies current, ZoneId zone, Instant now) {
        List<Instant> hours = current.weekHours();
        List<Instant> elapsed = hours.stream()
                .filter(h -> !h.plus(Duration.ofHours(1)).isAfter(now))
                .toList();
        List<Gap> gaps = new ArrayList<>();
        Instant gapStart = null;
        int run = 0;
        int withData = 0;
        for (Instant hour : elapsed) {
            if (current.hours.containsKey(hour)) {
                withData++;
                if (gapStart != null) {
                    gaps.add(gap(gapStart, run, zone));
                    gapStart = null;
                }
            } else {
                if (gapStart == null) {
                    gapStart = hour;
                    run = 0;
                }
                run++;
            }
        }
        if (gapStart != null) {
            gaps.add(gap(gapStart, run, zone));
        }
        int without = elapsed.size() - withData;
        return new Completeness(
                hours.size(),
                elapsed.size(),
                withData,
                without,
                gaps,
                completenessText(hours.size(), elapsed.size(), without, gaps));
    }

    private Gap gap(Instant from, int hours, ZoneId zone) {
        ZonedDateTime start = from.atZone(zone);
        ZonedDateTime end = from.plus(Duration.ofHours(hours)).atZone(zone);
        String label = dayHour.format(start) + "–"
                + (end.toLocalDate().equals(start.toLocalDate()) ? HOUR : dayHour).format(end);
        return new Gap(start.toOffsetDateTime(), end.toOffsetDateTime(), hours, label);
    }

    private String completenessText(int hours, int elapsed, int without, List<Gap> gaps) {
        if (elapsed == 0) {
            return texts.get("completeness.notStarted");
        }
        if (without == elapsed && elapsed == hours) {
            return texts.get("completeness.noData", hours);
        }
        String text;
        if (without == 0) {
            text = elapsed == hours ? texts.get("completeness.all", hours) : texts.get("completeness.allSoFar");
        } else {
            String listed =
                    gaps.stream().limit(MAX_GAPS_IN_TEXT).map(Gap::label).collect(Collectors.joining(", "));
            if (gaps.size() > MAX_GAPS_IN_TEXT) {
                listed = texts.get("completeness.more", listed, gaps.size() - MAX_GAPS_IN_TEXT);
            }
            text = texts.get("completeness.gaps", without, elapsed, listed);
        }
        return elapsed == hours ? text : texts.get("completeness.inProgress", elapsed, hours, text);
    }

    private List<Breakdown> breakdown(
            Map<String, Tally> current, Map<String, Tally> previous, Function<String, String> label) {
        return current.entrySet().stream()
                .map(entry -> {
                    Tally t = entry.getValue();
                    Tally before = previous.get(entry.getKey());
                    Double previousRate = before == null ? null : before.successRate();
                    Double change = t.successRate() == null || previousRate == null
                            ? null
                            : (t.successRate() - previousRate) * 100;
                    String topCause = t.causes.entrySet().stream()
                            .filter(e -> e.getValue() > 0)
                            .max(Map.Entry.<String, Long>comparingByValue()
                                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                            .map(Map.Entry::getKey)
                            .orElse(null);
                    return new Breakdown(
                            entry.getKey(),
                            label.apply(entry.getKey()),
                            t.attempts,
                            t.successes,
                            t.failures,
                            t.successRate(),
                            previousRate,
                            change,
                            topCause,
                            t.attempts < settings.minAttempts());
                })
                .sorted(Comparator.comparing(Breakdown::lowVolume)
                        .thenComparing(Breakdown::successRate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Breakdown::failures, Comparator.reverseOrder())
                        .thenComparing(Breakdown::key))
                .toList();
    }

    private List<Day> daily(Tallies current, List<LocalDate> days, ZoneId zone, Instant now) {
        Tally[] fleet = new Tally[7];
        int[] hours = new int[7];
        int[] withData = new int[7];
        for (int i = 0; i < 7; i++) {
            fleet[i] = new Tally();
        }
        for (Instant hour : current.weekHours()) {
            int day = current.dayIndex(hour);
            hours[day]++;
            Tally t = current.hours.get(hour);
            if (t != null) {
                fleet[day].attempts += t.attempts;
                fleet[day].successes += t.successes;
                if (!hour.plus(Duration.ofHours(1)).isAfter(now)) {
                    withData[day]++;
                }
            }
        }
        List<Day> result = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            result.add(new Day(
                    days.get(i),
                    days.get(i).getDayOfWeek().getDisplayName(TextStyle.SHORT, language.locale()),
                    fleet[i].attempts,
                    fleet[i].successRate(),
                    withData[i],
                    hours[i]));
        }
        return result;
    }

    /** The keys with the most failures (low-volume ones aside), each with its success rate per day. */
    private List<Series> series(Map<String, Tally[]> daily, Map<String, Tally> week, Function<String, String> label) {
        return week.entrySet().stream()
                .filter(e -> e.getValue().failures > 0 && e.getValue().attempts >= settings.minAttempts())
                .sorted(Comparator.comparing((Map.Entry<String, Tally> e) -> e.getValue().failures)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(settings.chartSeries())
                .map(e -> new Series(
                        e.getKey(),
                        label.apply(e.getKey()),
                        Arrays.stream(daily.get(e.getKey()))
                                .map(Tally::successRate)
                                .toList()))
                .toList();
    }

    private static List<CauseShare> causes(Tallies current, Tallies previous) {
        long total = current.fleet.causeTotal();
        long previousTotal = previous.fleet.causeTotal();
        Set<String> names = new HashSet<>(current.fleet.causes.keySet());
        names.addAll(previous.fleet.causes.keySet());
        List<CauseShare> shares = new ArrayList<>();
        for (String cause : names) {
            long failures = current.fleet.causes.getOrDefault(cause, 0L);
            double share = total == 0 ? 0 : (double) failures / total;
            Double previousShare =
                    previousTotal == 0 ? null : (double) previous.fleet.causes.getOrDefault(cause, 0L) / previousTotal;
            shares.add(new CauseShare(
                    cause,
                    failures,
                    share,
                    previousShare,
                    previousShare == null || total == 0 ? null : (share - previousShare) * 100));
        }
        if (total == 0) {
            return shares.stream().filter(s -> s.failures() > 0).toList();
        }
        shares.sort(Comparator.comparing(CauseShare::failures)
                .reversed()
                .thenComparing(CauseShare::previousShare, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(CauseShare::cause));
        return shares;
    }

    private String causesNote(Tallies current, Tallies previous, IsoWeek previousWeek) {
        if (current.fleet.attempts == 0) {
            return texts.get("note.noData");
        }
        if (current.fleet.causeTotal() == 0) {
            return texts.get("note.noFailures");
        }
        if (previous.fleet.attempts == 0) {
            return texts.get("note.noPrevious", previousWeek.toString());
        }
        if (previous.fleet.causeTotal() == 0) {
            return texts.get("note.noPreviousFailures", previousWeek.toString());
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- incidents

    private IncidentLine line(IncidentRecord i) {
        return new IncidentLine(
                i.id(),
                i.kind(),
                pages(i.kind()),
                i.status(),
                i.scope(),
                scopeText(i.scope(), language),
                i.onset(),
                i.detectedAt(),
                i.resolvedAt(),
                seconds(i.onset(), detection(i)),
                seconds(i.onset(), i.resolvedAt()),
                i.affectedTerminals(),
                i.stillFailing(),
                i.failures());
    }

    private static boolean pages(String kind) {
        try {
            return IncidentKind.valueOf(kind).pages();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code host=H3} or {@code province=440000 Guangdong, carrier=CMCC}, in the cube's dimension order. */
    static String scopeText(Map<String, String> scope) {
        return scopeText(scope, Language.EN);
    }

    static String scopeText(Map<String, String> scope, Language language) {
        if (scope == null || scope.isEmpty()) {
            return texts(language).get("scope.fleet");
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        CubeCell.DIMENSIONS.stream().filter(scope::containsKey).forEach(d -> ordered.put(d, scope.get(d)));
        scope.keySet().stream()
                .filter(d -> !ordered.containsKey(d))
                .sorted()
                .forEach(d -> ordered.put(d, scope.get(d)));
        return ordered.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + (e.getKey().equals("province") ? Regions.label(e.getValue(), language) : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * When the incident was detected, in event time: the end of the window whose judgement opened it. Its wall-clock
     * {@code detectedAt} lies hours after the onset when the traffic was replayed or simulated (the demo, a backfill), so
     * onset to {@code detectedAt} would read as hours of detection delay; incidents stored before the window end was
     * recorded fall back to it.
     */
    static Instant detection(IncidentRecord incident) {
        return incident.detectedWindowEnd() != null ? incident.detectedWindowEnd() : incident.detectedAt();
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).getSeconds();
    }

    private IncidentSummary incidentSummary(List<IncidentRecord> incidents, Instant start, Instant end) {
        Map<String, Integer> byKind = new TreeMap<>();
        incidents.forEach(i -> byKind.merge(i.kind(), 1, Integer::sum));
        List<IncidentRecord> started = incidents.stream()
                .filter(i -> !i.onset().isBefore(start) && i.onset().isBefore(end))
                .toList();
        List<IncidentRecord> measured = started.stream()
                .filter(i -> !IncidentKind.PLANNED_MAINTENANCE.name().equals(i.kind()))
                .toList();
        List<Long> detection = measured.stream()
                .map(i -> seconds(i.onset(), detection(i)))
                .filter(Objects::nonNull)
                .toList();
        List<Long> resolution = measured.stream()
                .map(i -> seconds(i.onset(), i.resolvedAt()))
                .filter(Objects::nonNull)
                .toList();
        int unresolved =
                (int) incidents.stream().filter(i -> i.resolvedAt() == null).count();
        Long mttd = mean(detection);
        Long mttr = mean(resolution);
        String note;
        if (incidents.isEmpty()) {
            note = texts.get("incidents.none");
        } else {
            note = texts.get(
                    "incidents.summary",
                    incidents.size(),
                    byKind.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")),
                    mttd == null
                            ? texts.get("incidents.noDetection")
                            : texts.get("incidents.mttd", Format.duration(mttd), detection.size()),
                    mttr == null
                            ? texts.get("incidents.noResolution")
                            : texts.get("incidents.mttr", Format.duration(mttr), resolution.size()),
                    unresolved == 0 ? "" : texts.get("incidents.unresolved", unresolved));
        }
        return new IncidentSummary(
                incidents.size(),
                started.size(),
                byKind,
                mttd,
                detection.size(),
                mttr,
                resolution.size(),
                unresolved,
                note);
    }

    private static Long mean(List<Long> values) {
        return values.isEmpty()
                ? null
                : Math.round(
                        values.stream().mapToLong(Long::longValue).average().orElseThrow());
    }

    private static List<MaintenanceTaken> maintenance(
            List<MaintenanceWindow> windows, List<IncidentRecord> incidents, Instant start, Instant end) {
        List<MaintenanceTaken> taken = new ArrayList<>();
        for (MaintenanceWindow window : windows) {
            for (MaintenanceWindow.Occurrence occurrence : window.occurrencesBetween(start, end)) {
                long minutes = Duration.between(max(occurrence.start(), start), min(occurrence.end(), end))
                        .toMinutes();
                List<String> during = incidents.stream()
                        .filter(i -> IncidentKind.PLANNED_MAINTENANCE.name().equals(i.kind())
                                && i.scope() != null
                                && window.coversScope(i.scope())
                                && i.onset().isBefore(occurrence.end())
                                && (i.resolvedAt() == null || i.resolvedAt().isAfter(occurrence.start())))
                        .map(IncidentRecord::id)
                        .toList();
                taken.add(new MaintenanceTaken(
                        window.id(),
                        window.scopeLabel(),
                        occurrence.start(),
                        occurrence.end(),
                        minutes,
                        window.recurring(),
                        window.reason(),
                        during));
            }
        }
        taken.sort(Comparator.comparing(MaintenanceTaken::start).thenComparing(MaintenanceTaken::host));
        return taken;
    }

    // ------------------------------------------------------------------------------------------- terminals

    private record Terminals(List<TerminalLine> worst, List<MerchantLine> merchants, String note) {}

    /**
     * A terminal is stuck from a STUCK transition's {@code since} until its next other transition (RECOVERED, or a
     * SIGNON_LOOP, which also means it signs on again), or until the end of the week (or now). A failed day is a
     * local day on which it was stuck at some moment; loops are the SIGNON_LOOP transitions in the week.
     */
    private Terminals terminals(List<HealthEvent> events, Instant start, Instant end, ZoneId zone) {
        Map<String, List<HealthEvent>> byTerminal =
                events.stream().collect(Collectors.groupingBy(HealthEvent::terminalId));
        List<TerminalLine> lines = new ArrayList<>();
        for (Map.Entry<String, List<HealthEvent>> entry : byTerminal.entrySet()) {
            List<HealthEvent> history = entry.getValue().stream()
                    .sorted(Comparator.comparing(HealthEvent::at))
                    .toList();
            Set<LocalDate> failedDays = new HashSet<>();
            long stuckSeconds = 0;
            int loops = 0;
            Instant stuckFrom = null;
            for (HealthEvent event : history) {
                if ("FAILING".equals(event.state())) {
                    continue; // a failure episode's beginning: stuck time counts from STUCK
                }
                if ("STUCK".equals(event.state())) {
                    if (stuckFrom == null) {
                        stuckFrom = event.since() != null ? event.since() : event.at();
                    }
                    continue;
                }
                if (stuckFrom != null) {
                    stuckSeconds += stuck(stuckFrom, event.at(), start, end, zone, failedDays);
                    stuckFrom = null;
                }
                if ("SIGNON_LOOP".equals(event.state())
                        && !event.at().isBefore(start)
                        && event.at().isBefore(end)) {
                    loops++;
                }
            }
            if (stuckFrom != null) {
                stuckSeconds += stuck(stuckFrom, end, start, end, zone, failedDays);
            }
            if (!failedDays.isEmpty() || loops > 0) {
                lines.add(new TerminalLine(
                        entry.getKey(),
                        last(history, HealthEvent::merchantId),
                        last(history, HealthEvent::province),
                        last(history, HealthEvent::host),
                        failedDays.size(),
                        stuckSeconds / 60,
                        loops,
                        last(history, HealthEvent::cause)));
            }
        }
        lines.sort(Comparator.comparing(TerminalLine::failedDays)
                .thenComparing(TerminalLine::loops)
                .thenComparing(TerminalLine::stuckMinutes)
                .reversed()
                .thenComparing(TerminalLine::terminalId));

        Map<String, List<TerminalLine>> byMerchant = lines.stream()
                .filter(t -> t.merchantId() != null)
                .collect(Collectors.groupingBy(TerminalLine::merchantId));
        List<MerchantLine> merchants = byMerchant.entrySet().stream()
                .map(e -> new MerchantLine(
                        e.getKey(),
                        e.getValue().size(),
                        e.getValue().stream().mapToInt(TerminalLine::failedDays).sum(),
                        e.getValue().stream().mapToInt(TerminalLine::loops).sum()))
                .sorted(Comparator.comparing(MerchantLine::failedTerminalDays)
                        .thenComparing(MerchantLine::loops)
                        .thenComparing(MerchantLine::terminals)
                        .reversed()
                        .thenComparing(MerchantLine::merchantId))
                .limit(settings.top())
                .toList();
        long withoutMerchant =
                lines.stream().filter(t -> t.merchantId() == null).count();
        String note = lines.isEmpty()
                ? texts.get("terminals.none")
                : texts.get(
                        "terminals.summary",
                        lines.size(),
                        withoutMerchant == 0 ? "" : texts.get("terminals.noMerchant", withoutMerchant));
        return new Terminals(lines.stream().limit(settings.top()).toList(), merchants, note);
    }

    /** Seconds of {@code [from, to)} inside {@code [start, end)}; adds the local days it touches. */
    private static long stuck(Instant from, Instant to, Instant start, Instant end, ZoneId zone, Set<LocalDate> days) {
        Instant a = max(from, start);
        Instant b = min(to, end);
        if (!a.isBefore(b)) {
            return 0;
        }
        for (LocalDate day = a.atZone(zone).toLocalDate();
                !day.isAfter(b.minusNanos(1).atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            days.add(day);
        }
        return Duration.between(a, b).getSeconds();
    }

    private static String last(List<HealthEvent> history, Function<HealthEvent, String> field) {
        for (int i = history.size() - 1; i >= 0; i--) {
            String value = field.apply(history.get(i));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- time

    static Instant ceilHour(Instant at) {
        Instant floor = at.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(at) ? at : floor.plus(Duration.ofHours(1));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** {@code 440000 Guangdong}, for readers who do not know the GB/T 2260 codes (the report is in English). */
    private String provinceLabel(String code) {
        return Regions.label(code, language);
    }
}
