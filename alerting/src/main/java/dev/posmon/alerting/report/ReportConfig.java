package dev.posmon.alerting.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;

/** The weekly reliability report. */
@ConfigMapping(prefix = "posmon.report")
public interface ReportConfig {

    /** The time zone whose Monday 00:00 starts a report's week (IANA id). */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** When last week's report is generated and stored (Quartz-style cron, in the report's zone); "off" disables it. */
    @WithDefault("0 30 0 ? * MON")
    String cron();

    /** Rows of the worst-terminal and worst-merchant lists. */
    @WithDefault("10")
    int top();

    /** Provinces, hosts, carriers and models with fewer attempts in a week are listed after the others. */
    @WithDefault("100")
    long minAttempts();

    /** Provinces and hosts drawn in the daily charts. */
    @WithDefault("5")
    int chartSeries();

    /** The language of a report asked for without {@code lang} or Accept-Language (zh-CN or en). */
    @WithDefault("zh-CN")
    String language();

    /**
     * How much the report shows; a count below its least ({@code top} and {@code chart-series} 1, {@code min-attempts}
     * 0) is refused naming the setting, for the service and {@link ReportCommand} alike.
     */
    default ReportSettings settings() {
        atLeast("posmon.report.top (POSMON_REPORT_TOP)", top(), 1);
        atLeast("posmon.report.min-attempts (POSMON_REPORT_MIN_ATTEMPTS)", minAttempts(), 0);
        atLeast("posmon.report.chart-series (POSMON_REPORT_CHART_SERIES)", chartSeries(), 1);
        return new ReportSettings(top(), minAttempts(), chartSeries());
    }

    private static void atLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(
                    name + " must be a whole number of at least " + least + ", not " + value);
        }
    }
}
