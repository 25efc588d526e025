package dev.posmon.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
    void theSettingsAreTheServicesEnvironmentVariables() {
        assertThat(ReportCommand.settings(Map.of())).isEqualTo(ReportSettings.DEFAULTS);
        assertThat(ReportCommand.settings(Map.of(
                        "POSMON_REPORT_TOP",
                        "25",
                        "POSMON_REPORT_MIN_ATTEMPTS",
                        "0",
                        "POSMON_REPORT_CHART_SERIES",
                        "8")))
                .isEqualTo(new ReportSettings(25, 0, 8));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "POSMON_REPORT_TOP, 0",
        "POSMON_REPORT_TOP, ten",
        "POSMON_REPORT_MIN_ATTEMPTS, -1",
        "POSMON_REPORT_CHART_SERIES, 99999999999",
        "POSMON_REPORT_ZONE, Mars/Olympus"
    })
    void aSettingThatDoesNotReadExitsNamingIt(String name, String value) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCommand.run(
                new String[0],
                Map.of(name, value),
                Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(name.equals("POSMON_REPORT_ZONE") ? "Mars/Olympus" : name);
    }
}
