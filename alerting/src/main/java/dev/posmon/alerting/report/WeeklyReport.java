package dev.posmon.alerting.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The weekly reliability report of one ISO week in one time zone: what the JSON says, and what the HTML and
 * CSV show. Rates are fractions (0.9785), changes are percentage points; a figure that cannot be known is
 * null and a {@code note} says why in words ("no data for the previous week"), never 0 or NaN.
 *
 * @param start      Monday 00:00 local
 * @param end        the next Monday 00:00 local (exclusive)
 * @param complete   whether the week had ended when the report was generated
 * @param headlines  the report in a few plain sentences
 * @param acquirer   the acquirer whose report it is (its rollups, the incidents that hit it, its terminals); null for the
 *                   report of every acquirer
 */
public record WeeklyReport(
        String week,
        String zone,
        OffsetDateTime start,
        OffsetDateTime end,
        Instant generatedAt,
        boolean complete,
        List<String> headlines,
        Fleet fleet,
        Completeness completeness,
        List<Breakdown> byProvince,
        List<Breakdown> byHost,
        List<Breakdown> byCarrier,
        List<Breakdown> byModelFirmware,
        List<Day> daily,
        List<Series> dailyByProvince,
        List<Series> dailyByHost,
        List<CauseShare> causes,
        String causesNote,
        IncidentSummary incidentSummary,
        List<IncidentLine> incidents,
        List<MaintenanceTaken> maintenance,
        long maintenanceMinutes,
        List<TerminalLine> terminals,
        List<MerchantLine> merchants,
        String terminalsNote,
        String acquirer) {

    /** Whole-fleet sign-on success, and the week before. */
    public record Fleet(
            long attempts,
            long successes,
            long failures,
            Double successRate,
            String previousWeek,
            Long previousAttempts,
            Double previousSuccessRate,
            Double changePoints,
            String note) {}

    /** Hours of the week with no rollup at all; only hours that had ended when the report was generated count. */
    public record Completeness(
            int hours, int hoursElapsed, int hoursWithData, int hoursWithoutData, List<Gap> gaps, String text) {}

    /** A run of hours without data, local time. */
    public record Gap(OffsetDateTime from, OffsetDateTime to, int hours, String label) {}

    /**
     * Success of one province, host, carrier or model/firmware. {@code lowVolume}: fewer attempts than the report's
     * minimum; such rows are listed after the others, whose order is worst success first.
     */
    public record Breakdown(
            String key,
            String label,
            long attempts,
            long successes,
            long failures,
            Double successRate,
            Double previousSuccessRate,
            Double changePoints,
            String topCause,
            boolean lowVolume) {}

    /** The fleet on one local day. */
    public record Day(
            LocalDate date, String weekday, long attempts, Double successRate, int hoursWithData, int hours) {}

    /** Daily success of one province or host, one rate per day of {@link #daily()} (null: no attempts that day). */
    public record Series(String key, String label, List<Double> successRates) {}

    /** A failure cause's share of the week's failures, and of the previous week's. */
    public record CauseShare(String cause, long failures, double share, Double previousShare, Double changePoints) {}

    /**
     * MTTD: mean of detection − onset, in event time (detection: the end of the window whose judgement opened the
     * incident; for incidents stored without it, detectedAt); MTTR: mean of resolvedAt − onset; both over the incidents
     * whose onset lies in the week, planned maintenance excluded, MTTR over those resolved when the report was
     * generated.
     */
    public record IncidentSummary(
            int count,
            int startedThisWeek,
            Map<String, Integer> byKind,
            Long mttdSeconds,
            int mttdOver,
            Long mttrSeconds,
            int mttrOver,
            int unresolved,
            String note) {}

    public record IncidentLine(
            String id,
            String kind,
            boolean pages,
            String status,
            Map<String, String> scope,
            String scopeText,
            Instant onset,
            Instant detectedAt,
            Instant resolvedAt,
            Long detectionSeconds,
            Long resolveSeconds,
            long affectedTerminals,
            long stillFailing,
            Long failures) {}

    /** One occurrence of a declared window that fell in the week, and the planned-maintenance incidents during it. */
    public record MaintenanceTaken(
            String windowId,
            String host,
            Instant start,
            Instant end,
            long minutes,
            boolean recurring,
            String reason,
            List<String> incidents) {}

    /** A terminal's bad week: local days on which it was stuck unable to sign on, time stuck, sign-on loops started. */
    public record TerminalLine(
            String terminalId,
            String merchantId,
            String province,
            String host,
            int failedDays,
            long stuckMinutes,
            int loops,
            String lastCause) {}

    public record MerchantLine(String merchantId, int terminals, int failedTerminalDays, int loops) {}
}
