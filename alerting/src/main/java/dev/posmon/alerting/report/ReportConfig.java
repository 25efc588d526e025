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

    default ReportSettings settings() {
        return new ReportSettings(top(), minAttempts(), chartSeries());
    }
}
