package dev.posmon.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./posmon report}'s arguments; the report itself from a database is in ReportIT. */
class ReportCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--week 2026-47            | expected an ISO week such as 2026-W47",
                "--zone Mars/Olympus       | Mars/Olympus",
                "--weeks 2026-W47          | unexpected argument '--weeks'",
                "--week                    | unexpected argument '--week'",
                "--help                    | usage: ./posmon report"
            })
    void badArgumentsExitWithUsage(String args, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCommand.run(
                args.trim().split(" +"),
                Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).contains("usage: ./posmon report");
    }

    @Test
    void withoutSettingsTheCommandHasTheServicesDefaults() {
        ReportConfig config = ReportCommand.config(Map.of());
        assertThat(config.settings()).isEqualTo(ReportSettings.DEFAULTS);
        assertThat(config.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.language()).isEqualTo("zh-CN");
        assertThat(config.cron()).as("from application.properties").isEqualTo("0 30 0 ? * MON");
    }

    @Test
    void theSettingsAreTheServicesEnvironmentVariables() {
        ReportConfig config = ReportCommand.config(Map.of(
                "POSMON_REPORT_TOP",
                "25",
                "POSMON_REPORT_MIN_ATTEMPTS",
                "0",
                "POSMON_REPORT_CHART_SERIES",
                "8",
                "POSMON_REPORT_ZONE",
                "Europe/Berlin",
                "POSMON_REPORT_LANGUAGE",
                "en"));
        assertThat(config.settings()).isEqualTo(new ReportSettings(25, 0, 8));
        assertThat(config.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.language()).isEqualTo("en");
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentAsForTheService() {
        System.setProperty("posmon.report.top", "3");
        System.setProperty("posmon.report.language", "en");
        try {
            ReportConfig config = ReportCommand.config(Map.of("POSMON_REPORT_TOP", "25"));
            assertThat(config.top()).isEqualTo(3);
            assertThat(config.language()).isEqualTo("en");
        } finally {
            System.clearProperty("posmon.report.top");
            System.clearProperty("posmon.report.language");
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "POSMON_REPORT_TOP,          0,            posmon.report.top",
        "POSMON_REPORT_TOP,          ten,          posmon.report.top",
        "POSMON_REPORT_MIN_ATTEMPTS, -1,           posmon.report.min-attempts",
        "POSMON_REPORT_CHART_SERIES, 99999999999,  posmon.report.chart-series",
        "POSMON_REPORT_ZONE,         Mars/Olympus, posmon.report.zone",
        "POSMON_REPORT_LANGUAGE,     fr,           posmon.report.language"
    })
    void aSettingThatDoesNotReadExitsNamingIt(String variable, String value, String property) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCommand.run(
                new String[0],
                Map.of(variable, value),
                Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(property);
    }
}
