package dev.posmon.alerting.report;

/**
 * How much the report shows.
 *
 * @param top          rows of the worst-terminal and worst-merchant lists
 * @param minAttempts  a province, host, carrier or model/firmware with fewer attempts in the week is listed after
 *                     the others (three failures of five attempts are not the worst province)
 * @param chartSeries  provinces and hosts drawn in the daily charts (those with the most failures)
 */
public record ReportSettings(int top, long minAttempts, int chartSeries) {

    public static final ReportSettings DEFAULTS = new ReportSettings(10, 100, 5);
}
