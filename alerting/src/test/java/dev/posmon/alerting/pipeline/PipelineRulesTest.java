package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules of the pipeline's edge: what is forgotten when, which database failures are the data's, the series codec. */
class PipelineRulesTest {

    static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void judgedWindowsAreForgottenTheirRetentionBackFromTheWindow() {
        WindowBuffer.Window window =
                new WindowBuffer.Window(NOW.minus(Duration.ofMinutes(2)), NOW.minus(Duration.ofMinutes(1)));
        assertThat(PipelineStore.judgedHorizon(window, NOW, Duration.ofDays(40)))
                .isEqualTo(window.start().minus(Duration.ofDays(40)));
        assertThat(PipelineStore.judgedHorizon(window, NOW, Duration.ofDays(60)))
                .as("posmon.retention.judged-windows")
                .isEqualTo(window.start().minus(Duration.ofDays(60)));
    }

    @Test
    void aWindowStampedInTheFutureDoesNotMakeTheRecentPastForgotten() {
        WindowBuffer.Window future = new WindowBuffer.Window(
                NOW.plus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400)).plusSeconds(60));
        assertThat(PipelineStore.judgedHorizon(future, NOW, Duration.ofDays(40)))
                .isEqualTo(NOW.minus(Duration.ofDays(40)));
    }

    @Test
    void onlyDataAndConstraintFailuresAreTheRecordsFault() {
        assertThat(CubeConsumer.dataError(new SQLException("value too long", "22001")))
                .isTrue();
        assertThat(CubeConsumer.dataError(new SQLException("not null", "23502")))
                .isTrue();
        assertThat(CubeConsumer.dataError(new SQLException("connection refused", "08001")))
                .as("the database is unwell")
                .isFalse();
        assertThat(CubeConsumer.dataError(new SQLException("admin shutdown", "57P01")))
                .isFalse();
        assertThat(CubeConsumer.dataError(new SQLException("no state"))).isFalse();
    }

    @Test
    void theDetectorsInputOfAWindowReadsBackExactly() {
        List<WindowAnalysis.SeriesTotal> series = List.of(
                new WindowAnalysis.SeriesTotal("fleet", 12_000, 240),
                new WindowAnalysis.SeriesTotal("province=440000,carrier=CMCC", 37, 9),
                new WindowAnalysis.SeriesTotal("host=H1", 0, 0));
        assertThat(PipelineStore.readSeries(PipelineStore.writeSeries(series))).isEqualTo(series);
    }
}
