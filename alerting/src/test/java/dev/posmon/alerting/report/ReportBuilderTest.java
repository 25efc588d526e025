package dev.posmon.alerting.report;

import static dev.posmon.alerting.report.ReportFixture.NOW;
import static dev.posmon.alerting.report.ReportFixture.WEEK;
import static dev.posmon.alerting.report.ReportFixture.ZONE;
import static dev.posmon.alerting.report.ReportFixture.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.posmon.alerting.report.ReportData.Rollup;
import dev.posmon.alerting.report.WeeklyReport.Breakdown;
import dev.posmon.alerting.report.WeeklyReport.CauseShare;
import dev.posmon.alerting.report.WeeklyReport.IncidentLine;
import dev.posmon.alerting.report.WeeklyReport.MaintenanceTaken;
import dev.posmon.alerting.report.WeeklyReport.MerchantLine;
import dev.posmon.alerting.report.WeeklyReport.TerminalLine;
import dev.posmon.contract.i18n.Language;
import dev.posmon.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report's figures against {@link ReportFixture}, worked out by hand in the comments. */
class ReportBuilderTest {

    private static final double EPS = 1e-9;

    private final MutableClock clock = new MutableClock(NOW);
    private final ReportBuilder builder = new ReportBuilder(ReportSettings.DEFAULTS, clock);

    private WeeklyReport standard() {
        return builder.build(WEEK, ZONE, ReportFixture.standard().data());
    }

    @Test
    void fleetSuccessAndItsChangeFromTheWeekBefore() {
        WeeklyReport report = standard();
        // W47: 155 hours × (A 100 + B 50) = 23,250 attempts, + D 5 = 23,255.
        // successes: 155 × (99 + 50) = 23,095, − 2 outage hours × 40 lost by B = 23,015, + D 2 = 23,017.
        // failures: 155 NETWORK + 80 HOST_UNAVAILABLE + 3 KEY_MAC = 238.
        assertThat(report.fleet().attempts()).isEqualTo(23_255);
        assertThat(report.fleet().successes()).isEqualTo(23_017);
        assertThat(report.fleet().failures()).isEqualTo(238);
        assertThat(report.fleet().successRate()).isCloseTo(23_017.0 / 23_255, within(EPS)); // 98.9766 %
        // W46: 168 × 100 attempts, 168 × 98 successes: exactly 98 %; change +0.9766 points.
        assertThat(report.fleet().previousWeek()).isEqualTo("2026-W46");
        assertThat(report.fleet().previousAttempts()).isEqualTo(16_800);
        assertThat(report.fleet().previousSuccessRate()).isCloseTo(0.98, within(EPS));
        assertThat(report.fleet().changePoints()).isCloseTo((23_017.0 / 23_255 - 0.98) * 100, within(EPS));
        assertThat(report.fleet().note()).isNull();
        assertThat(report.headlines().get(0))
                .isEqualTo("Sign-on success 98.98 % over 23,255 attempts, up 0.98 points from 2026-W46 (98.00 %).");
        assertThat(report.complete()).isTrue();
        assertThat(report.start()).hasToString("2026-11-16T00:00+08:00");
        assertThat(report.end()).hasToString("2026-11-23T00:00+08:00");
    }

    @Test
    void breakdownsAreWorstFirstWithLowVolumeLast() {
        WeeklyReport report = standard();
        // 110000 (B only): 155 × 50 = 7,750 attempts, 7,750 − 80 = 7,670 successes: 98.968 %; nothing the week before.
        // 440000 (A only): 15,500 attempts, 15,345 successes: 99.000 %; W46 98 %: +1.00 point.
        // 650000 (D): 5 attempts, 2 successes: 40 % but below 100 attempts, so listed last.
        assertThat(report.byProvince()).extracting(Breakdown::key).containsExactly("110000", "440000", "650000");
        Breakdown beijing = report.byProvince().get(0);
        assertThat(beijing.label()).isEqualTo("110000 Beijing");
        assertThat(beijing.successRate()).isCloseTo(7_670.0 / 7_750, within(EPS));
        assertThat(beijing.previousSuccessRate()).isNull();
        assertThat(beijing.changePoints()).isNull();
        assertThat(beijing.topCause()).isEqualTo("HOST_UNAVAILABLE");
        Breakdown guangdong = report.byProvince().get(1);
        assertThat(guangdong.successRate()).isCloseTo(0.99, within(EPS));
        assertThat(guangdong.changePoints()).isCloseTo(1.0, within(EPS));
        assertThat(report.byProvince().get(2).lowVolume()).isTrue();
        assertThat(report.byProvince().get(2).successRate()).isCloseTo(0.4, within(EPS));
        // HR2 = B: 7,670 / 7,750 = 98.968 %; HR1 = A + D: 15,347 / 15,505 = 98.981 %.
        assertThat(report.byHost()).extracting(Breakdown::key).containsExactly("HR2", "HR1");
        assertThat(report.byHost().get(1).successRate()).isCloseTo(15_347.0 / 15_505, within(EPS));
        assertThat(report.byHost().get(1).previousSuccessRate()).isCloseTo(0.98, within(EPS));
        assertThat(report.byCarrier()).extracting(Breakdown::key).containsExactly("CUCC", "CMCC");
        assertThat(report.byModelFirmware())
                .extracting(Breakdown::key)
                .containsExactly("P3000 / FW-2.0", "P2000 / FW-7.4");
        assertThat(report.headlines()).contains("Worst province: 110000 Beijing at 98.97 %.");
    }

    @Test
    void causeSharesAndTheirChange() {
        WeeklyReport report = standard();
        // W47: 238 failures: NETWORK 155 (65.13 %), HOST_UNAVAILABLE 80 (33.61 %), KEY_MAC 3 (1.26 %).
        // W46: 336 failures: NETWORK 168 (50 %), HOST_UNAVAILABLE 168 (50 %): +15.13 and −16.39 points; KEY_MAC +1.26.
        assertThat(report.causes())
                .extracting(CauseShare::cause)
                .containsExactly("NETWORK", "HOST_UNAVAILABLE", "KEY_MAC");
        assertThat(report.causes()).extracting(CauseShare::failures).containsExactly(155L, 80L, 3L);
        CauseShare network = report.causes().get(0);
        assertThat(network.share()).isCloseTo(155.0 / 238, within(EPS));
        assertThat(network.previousShare()).isCloseTo(0.5, within(EPS));
        assertThat(network.changePoints()).isCloseTo((155.0 / 238 - 0.5) * 100, within(EPS));
        assertThat(report.causes().get(1).changePoints()).isCloseTo((80.0 / 238 - 0.5) * 100, within(EPS));
        assertThat(report.causes().get(2).previousShare()).isCloseTo(0.0, within(EPS));
        assertThat(report.causesNote()).isNull();
        assertThat(report.causes().stream().mapToDouble(CauseShare::share).sum())
                .isCloseTo(1.0, within(EPS));
    }

    @Test
    void incidentsWithDetectionAndResolutionTimes() {
        WeeklyReport report = standard();
        // Listed: every incident active during the week, by onset: i4 (began the week before, resolved Mon), i1, i2,
        // i3, i5.
        // i6 was resolved before the week began.
        assertThat(report.incidents())
                .extracting(IncidentLine::id)
                .containsExactly("rpt-i4", "rpt-i1", "rpt-i2", "rpt-i3", "rpt-i5");
        IncidentLine hostOutage = report.incidents().get(1);
        assertThat(hostOutage.detectionSeconds()).isEqualTo(90);
        assertThat(hostOutage.resolveSeconds()).isEqualTo(7_200);
        assertThat(hostOutage.scopeText()).isEqualTo("host=HR2");
        assertThat(hostOutage.pages()).isTrue();
        assertThat(report.incidents().get(2).scopeText()).isEqualTo("province=440000 Guangdong, carrier=CMCC");
        assertThat(report.incidents().get(3).pages())
                .as("planned maintenance pages nobody")
                .isFalse();
        assertThat(report.incidents().get(4).resolveSeconds()).isNull();
        // MTTD over the non-planned incidents that began in the week (i1 90 s, i2 150 s, i5 30 s): 270 / 3 = 90 s.
        // MTTR over those resolved (i1 7,200 s, i2 1,800 s): 4,500 s; i5 is still open; i4 began the week before; i3
        // was planned.
        var summary = report.incidentSummary();
        assertThat(summary.count()).isEqualTo(5);
        assertThat(summary.startedThisWeek()).isEqualTo(4);
        assertThat(summary.mttdSeconds()).isEqualTo(90);
        assertThat(summary.mttdOver()).isEqualTo(3);
        assertThat(summary.mttrSeconds()).isEqualTo(4_500);
        assertThat(summary.mttrOver()).isEqualTo(2);
        assertThat(summary.unresolved()).isEqualTo(1);
        assertThat(summary.byKind())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "HOST_OUTAGE",
                        1,
                        "NETWORK_OUTAGE",
                        1,
                        "PLANNED_MAINTENANCE",
                        1,
                        "SOFTWARE_DEFECT",
                        1,
                        "KEY_SYNC",
                        1));
        assertThat(summary.note())
                .isEqualTo(
                        "5 incidents (1 HOST_OUTAGE, 1 KEY_SYNC, 1 NETWORK_OUTAGE, 1 PLANNED_MAINTENANCE, 1 SOFTWARE_DEFECT); "
                                + "MTTD 1 min 30 s over 3, MTTR 1 h 15 min over 2 resolved; 1 not resolved when this report was generated.");
    }

    @Test
    void plannedMaintenanceTaken() {
        WeeklyReport report = standard();
        // mw1: the daily 23:00–23:30 cut-over of HR1, 7 times (210 min); mw2: HR2 Fri 02:00–04:00 local (120 min);
        // mw3 was cancelled before it began. 330 minutes in all. The Saturday cut-over holds planned-maintenance
        // incident i3.
        assertThat(report.maintenance()).hasSize(8);
        assertThat(report.maintenanceMinutes()).isEqualTo(330);
        assertThat(report.maintenance()).extracting(MaintenanceTaken::windowId).doesNotContain("rpt-mw3");
        MaintenanceTaken upgrade = report.maintenance().stream()
                .filter(m -> m.windowId().equals("rpt-mw2"))
                .findFirst()
                .orElseThrow();
        assertThat(upgrade.start()).isEqualTo(local("2026-11-20T02:00"));
        assertThat(upgrade.minutes()).isEqualTo(120);
        assertThat(upgrade.reason()).isEqualTo("core upgrade");
        MaintenanceTaken saturday = report.maintenance().stream()
                .filter(m -> m.start().equals(local("2026-11-21T23:00")))
                .findFirst()
                .orElseThrow();
        assertThat(saturday.incidents()).containsExactly("rpt-i3");
        assertThat(report.headlines()).contains("8 planned maintenance occurrences, 5 h 30 min in all.");
    }

    @Test
    void worstTerminalsAndMerchants() {
        WeeklyReport report = standard();
        // TR1 stuck Tue 10:20 → Thu 01:00 local: 3 days, 38 h 40 min = 2,320 min.
        // TR2 stuck from the week's start (since the week before) → Mon 12:00 local: 1 day, 720 min; 2 loops.
        // TR6 stuck from the week's start → Mon 10:00 local: 1 day, 600 min. TR4 stuck Sun 19:00 → the end: 1 day, 300
        // min.
        // TR3: 1 loop. TR5: nothing this week.
        assertThat(report.terminals())
                .extracting(TerminalLine::terminalId)
                .containsExactly("TR1", "TR2", "TR6", "TR4", "TR3");
        assertThat(report.terminals()).extracting(TerminalLine::failedDays).containsExactly(3, 1, 1, 1, 0);
        assertThat(report.terminals())
                .extracting(TerminalLine::stuckMinutes)
                .containsExactly(2_320L, 720L, 600L, 300L, 0L);
        assertThat(report.terminals()).extracting(TerminalLine::loops).containsExactly(0, 2, 0, 0, 1);
        assertThat(report.terminals().get(0).merchantId()).isEqualTo("MR1");
        assertThat(report.terminals().get(3).merchantId()).isNull();
        // MR1: TR1 + TR2 = 4 failed terminal-days, 2 loops; MR2: TR6 + TR3 = 1 day, 1 loop.
        assertThat(report.merchants())
                .containsExactly(new MerchantLine("MR1", 2, 4, 2), new MerchantLine("MR2", 2, 1, 1));
        assertThat(report.terminalsNote())
                .isEqualTo("5 terminals were stuck or in a sign-on loop this week; 1 of them with no known merchant.");
    }

    @Test
    void hoursWithoutDataAreListedPlainly() {
        WeeklyReport report = standard();
        // 168 hours; none on Tue 02:00–14:00 (12) and Thu 09:00–10:00 (1).
        var completeness = report.completeness();
        assertThat(completeness.hours()).isEqualTo(168);
        assertThat(completeness.hoursWithData()).isEqualTo(155);
        assertThat(completeness.hoursWithoutData()).isEqualTo(13);
        assertThat(completeness.gaps())
                .extracting(WeeklyReport.Gap::label)
                .containsExactly("Tue 02:00–14:00", "Thu 09:00–10:00");
        assertThat(completeness.gaps().get(0).hours()).isEqualTo(12);
        assertThat(completeness.text()).isEqualTo("13 of 168 hours have no data: Tue 02:00–14:00, Thu 09:00–10:00.");
        // Tuesday: 12 hours of (150 attempts, 149 successes); Wednesday: 24 × 150 = 3,600 attempts, 24 × 149 − 80 =
        // 3,496 successes.
        assertThat(report.daily())
                .extracting(WeeklyReport.Day::hoursWithData)
                .containsExactly(24, 12, 24, 23, 24, 24, 24);
        assertThat(report.daily().get(1).attempts()).isEqualTo(1_800);
        assertThat(report.daily().get(2).successRate()).isCloseTo(3_496.0 / 3_600, within(EPS));
        assertThat(report.daily().get(0).date()).isEqualTo(LocalDate.of(2026, 11, 16));
        // the charted provinces: most failures first, not the low-volume 650000
        assertThat(report.dailyByProvince())
                .extracting(WeeklyReport.Series::key)
                .containsExactly("440000", "110000");
        assertThat(report.dailyByProvince().get(1).successRates().get(2))
                .isCloseTo(1_120.0 / 1_200, within(EPS)); // Wed: 24 × 50 = 1,200, 80 lost
    }

    @Test
    void anEmptyWeekSaysNoDataRatherThanZero() {
        WeeklyReport report = builder.build(
                IsoWeek.parse("2026-W40"), ZONE, ReportFixture.standard().data());
        assertThat(report.fleet().attempts()).isZero();
        assertThat(report.fleet().successRate()).isNull();
        assertThat(report.fleet().changePoints()).isNull();
        assertThat(report.fleet().note()).isEqualTo("no data for this week");
        assertThat(report.completeness().hoursWithoutData()).isEqualTo(168);
        assertThat(report.completeness().text())
                .isEqualTo("No data for this week: none of its 168 hours has any rollup.");
        assertThat(report.headlines().get(0)).isEqualTo("No data for this week: no sign-on attempt was recorded.");
        assertThat(report.byProvince()).isEmpty();
        assertThat(report.causes()).isEmpty();
        assertThat(report.causesNote()).isEqualTo("no data for this week");
        assertThat(report.daily())
                .allSatisfy(day -> assertThat(day.successRate()).isNull());
        assertThat(report.incidentSummary().note()).isEqualTo("No incidents this week.");
        assertThat(report.incidentSummary().mttdSeconds()).isNull();
        assertThat(ReportJson.write(report)).doesNotContain("NaN").contains("\"successRate\" : null");
    }

    @Test
    void aWeekWithoutAPreviousWeekSaysSo() {
        ReportFixture fixture = new ReportFixture();
        fixture.currentWeekRollups();
        WeeklyReport report = builder.build(WEEK, ZONE, fixture.data());
        assertThat(report.fleet().previousSuccessRate()).isNull();
        assertThat(report.fleet().changePoints()).isNull();
        assertThat(report.fleet().note()).isEqualTo("no data for the previous week (2026-W46)");
        assertThat(report.headlines().get(0)).endsWith("; no data for the previous week (2026-W46) to compare with.");
        assertThat(report.causes())
                .allSatisfy(c -> assertThat(c.previousShare()).isNull());
        assertThat(report.causesNote()).isEqualTo("no data for the previous week (2026-W46)");
    }

    @Test
    void aWeekInProgressCountsOnlyTheHoursThatHaveEnded() {
        clock.set(Instant.parse("2026-11-18T04:30:00Z")); // Wed 12:30 local: Mon, Tue and Wed until 12:00 have ended
        WeeklyReport report = standard();
        assertThat(report.complete()).isFalse();
        assertThat(report.completeness().hoursElapsed()).isEqualTo(60);
        assertThat(report.completeness().hoursWithoutData()).isEqualTo(12);
        assertThat(report.completeness().text())
                .isEqualTo("Week in progress, 60 of 168 hours elapsed: 12 of 60 hours have no data: Tue 02:00–14:00.");
        TerminalLine tr1 = report.terminals().stream()
                .filter(t -> t.terminalId().equals("TR1"))
                .findFirst()
                .orElseThrow();
        // stuck from Tue 10:20 local until now (Wed 12:30): 26 h 10 min; Tue and Wed
        assertThat(tr1.stuckMinutes()).isEqualTo(26 * 60 + 10);
        assertThat(tr1.failedDays()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} {1}: {2} hours")
    @CsvSource({
        "Europe/Berlin, 2026-W43, 169", // 25 October 2026: clocks go back, Sunday has 25 hours
        "Europe/Berlin, 2026-W13, 167", // 29 March 2026: clocks go forward, Sunday has 23 hours
        "Europe/Berlin, 2026-W47, 168",
        "Asia/Shanghai, 2026-W43, 168",
        "Asia/Kolkata, 2026-W47, 168" // +05:30: an hour's rollup counts in the week its hour starts in
    })
    void aWeekHasTheHoursItsZoneGivesIt(String zone, String week, int hours) {
        ZoneId zoneId = ZoneId.of(zone);
        IsoWeek isoWeek = IsoWeek.parse(week);
        ReportFixture fixture = new ReportFixture();
        Instant from = ReportBuilder.ceilHour(isoWeek.start(zoneId).toInstant());
        for (Instant hour = from;
                hour.isBefore(isoWeek.end(zoneId).toInstant());
                hour = hour.plus(Duration.ofHours(1))) {
            fixture.rollups.add(
                    new Rollup(hour, "440000", "HR1", "CMCC", "P2000", "FW-7.4", 10, 9, 1, Map.of("NETWORK", 1L)));
        }
        WeeklyReport full = builder.build(isoWeek, zoneId, fixture.data());
        assertThat(full.completeness().hours()).isEqualTo(hours);
        assertThat(full.completeness().hoursWithoutData()).isZero();
        assertThat(full.completeness().text()).isEqualTo("All " + hours + " hours have data.");
        assertThat(full.fleet().attempts()).isEqualTo(10L * hours);
        assertThat(full.daily().stream().mapToInt(WeeklyReport.Day::hours).sum())
                .isEqualTo(hours);
        WeeklyReport empty = builder.build(isoWeek, zoneId, new ReportFixture().data());
        assertThat(empty.completeness().hoursWithoutData()).isEqualTo(hours);
    }

    @Test
    void theBerlinAutumnWeeksSundayHasTwentyFiveHours() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        WeeklyReport report = builder.build(IsoWeek.parse("2026-W43"), berlin, new ReportFixture().data());
        assertThat(report.daily()).extracting(WeeklyReport.Day::hours).containsExactly(24, 24, 24, 24, 24, 24, 25);
        assertThat(report.start()).hasToString("2026-10-19T00:00+02:00");
        assertThat(report.end()).hasToString("2026-10-26T00:00+01:00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2026-W00", "2026-W54", "2025-W53", "2026-47", "2026-w47", "2026-W7", "26-W47", "'2026-W47 '", "''"})
    void malformedOrImpossibleWeeksAreRefused(String text) {
        assertThatThrownBy(() -> IsoWeek.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isoWeeksParsePrintAndStep() {
        assertThat(IsoWeek.parse("2026-W47").monday()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(IsoWeek.parse("2026-W53").monday()).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(IsoWeek.parse("2026-W01").previous()).hasToString("2025-W52");
        assertThat(IsoWeek.parse("2026-W53").next()).hasToString("2027-W01");
        assertThat(IsoWeek.containing(Instant.parse("2026-11-15T16:30:00Z"), ZONE))
                .hasToString("2026-W47");
        assertThat(IsoWeek.containing(Instant.parse("2026-11-15T16:30:00Z"), ZoneId.of("UTC")))
                .hasToString("2026-W46");
    }

    @Test
    void theJsonReadsBackIntoTheSameReport() {
        WeeklyReport report = standard();
        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
    }

    @Test
    void theCsvHasATableForEachSectionAndOneCombined() {
        WeeklyReport report = standard();
        var tables = ReportCsv.tables(report);
        assertThat(tables)
                .containsKeys(
                        "summary",
                        "province",
                        "host",
                        "carrier",
                        "model_firmware",
                        "daily",
                        "causes",
                        "incidents",
                        "maintenance",
                        "terminals",
                        "merchants",
                        "gaps");
        String province = ReportCsv.write(tables.get("province"));
        assertThat(province.lines().toList())
                .first()
                .isEqualTo("key,label,attempts,successes,failures,success_rate,previous_success_rate,"
                        + "change_points,top_cause,low_volume");
        assertThat(province.lines().toList().get(1))
                .startsWith("110000,\"110000 Beijing\",7750,7670,80,0.9896774193548387,,,HOST_UNAVAILABLE,false");
        String combined = ReportCsv.write(ReportCsv.combined(tables));
        assertThat(combined.lines().toList().get(0)).startsWith("table,metric,value,key,label");
        assertThat(combined).contains("\nincidents,").contains("\ngaps,");
    }

    /** An incident shown to one acquirer of several it hit has no failures: the page and the CSV show none, no zero. */
    @Test
    void anIncidentWithoutItsFailuresShowsADash() {
        ReportFixture fixture = ReportFixture.standard();
        fixture.incidents.replaceAll(i -> i.id().equals("rpt-i1") ? i.seenBy(List.of("ACQ-A"), 3, 1) : i);
        WeeklyReport report = builder.build(WEEK, ZONE, fixture.data());
        IncidentLine seen = report.incidents().stream()
                .filter(i -> i.id().equals("rpt-i1"))
                .findFirst()
                .orElseThrow();
        assertThat(seen.failures()).isNull();
        assertThat(seen.affectedTerminals()).isEqualTo(3);
        String html = ReportHtml.render(report, Language.EN);
        String row = html.substring(html.indexOf("/v1/incidents/rpt-i1/terminals"));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains(">3</a>", ">1</td>", ">–</td>");
        String csv = ReportCsv.write(ReportCsv.tables(report).get("incidents"));
        assertThat(csv.lines().filter(l -> l.startsWith("rpt-i1,")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith(",3,1,"));
    }
}
