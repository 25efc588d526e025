package dev.posmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.schema.ContractSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    /** The daily cut-over of host H1: 23:00–23:30 Beijing time, every day from 2026-11-01. */
    private static final MaintenanceWindow CUT_OVER = new MaintenanceWindow(
            "mw-1",
            "H1",
            Instant.parse("2026-11-01T15:00:00Z"),
            null,
            "FREQ=DAILY",
            Duration.ofMinutes(30),
            "Asia/Shanghai",
            "daily cut-over",
            null);

    @Test
    void aCarriersDailyWorksSkipTheirExceptedDaysAndMatchTheSchema() throws Exception {
        Instant christmas = Instant.parse("2026-12-25T15:00:00Z");
        MaintenanceWindow works = new MaintenanceWindow(
                "ics-0123456789abcdef",
                null,
                Instant.parse("2026-11-01T15:00:00Z"),
                null,
                "FREQ=DAILY",
                Duration.ofMinutes(30),
                "Asia/Shanghai",
                "基站割接",
                null,
                "440000",
                "CMCC",
                List.of(christmas),
                "gd-cmcc");
        assertThat(works.covers(Instant.parse("2026-12-24T15:10:00Z"))).isTrue();
        assertThat(works.covers(christmas.plusSeconds(600))).as("excepted").isFalse();
        assertThat(works.occurrencesBetween(christmas.minus(Duration.ofDays(1)), christmas.plus(Duration.ofDays(2))))
                .extracting(MaintenanceWindow.Occurrence::start)
                .containsExactly(christmas.minus(Duration.ofDays(1)), christmas.plus(Duration.ofDays(1)));
        assertThat(works.ofHost("H1")).isFalse();
        assertThat(works.scopeLabel()).isEqualTo("province=440000, carrier=CMCC");
        JsonNode json = ContractJson.mapper().valueToTree(works);
        assertThat(ContractSchema.MAINTENANCE_WINDOW.validate(json)).isEmpty();
        assertThat(ContractJson.mapper().treeToValue(json, MaintenanceWindow.class))
                .isEqualTo(works);
        assertThat(ContractSchema.MAINTENANCE_WINDOW.validate(ContractJson.mapper()
                        .valueToTree(new MaintenanceWindow(
                                "x",
                                null,
                                works.start(),
                                works.start().plusSeconds(60),
                                null,
                                null,
                                null,
                                null,
                                null))))
                .as("a window of nothing")
                .isNotEmpty();
    }

    @Test
    void aDailyWindowCoversEachDaysOccurrenceOnly() {
        assertThat(CUT_OVER.covers(Instant.parse("2026-11-26T15:10:00Z"))).isTrue();
        assertThat(CUT_OVER.occurrenceEndCovering(Instant.parse("2026-11-26T15:10:00Z")))
                .isEqualTo(Instant.parse("2026-11-26T15:30:00Z"));
        assertThat(CUT_OVER.covers(Instant.parse("2026-11-26T15:30:00Z")))
                .as("end is exclusive")
                .isFalse();
        assertThat(CUT_OVER.covers(Instant.parse("2026-11-26T14:59:59Z"))).isFalse();
        assertThat(CUT_OVER.covers(Instant.parse("2026-11-26T03:10:00Z"))).isFalse();
        assertThat(CUT_OVER.covers(Instant.parse("2026-10-31T15:10:00Z")))
                .as("before the series")
                .isFalse();
    }

    @Test
    void aRecurringWindowFollowsLocalTimeAcrossDaylightSaving() {
        MaintenanceWindow berlin = new MaintenanceWindow(
                "mw-2",
                "H2",
                Instant.parse("2026-10-20T01:00:00Z"),
                null,
                "FREQ=DAILY",
                Duration.ofHours(1),
                "Europe/Berlin",
                null,
                null);
        assertThat(berlin.covers(Instant.parse("2026-10-21T01:30:00Z")))
                .as("03:30 CEST")
                .isTrue();
        assertThat(berlin.covers(Instant.parse("2026-11-02T02:30:00Z")))
                .as("03:30 CET, after the change")
                .isTrue();
        assertThat(berlin.covers(Instant.parse("2026-11-02T01:30:00Z"))).isFalse();
    }

    @Test
    void aOneOffWindowIsHalfOpenAndACancelledOneCoversNothing() {
        MaintenanceWindow once = new MaintenanceWindow(
                "mw-3",
                "H3",
                Instant.parse("2026-11-26T02:00:00Z"),
                Instant.parse("2026-11-26T04:00:00Z"),
                null,
                null,
                null,
                "upgrade",
                null);
        assertThat(once.covers(Instant.parse("2026-11-26T02:00:00Z"))).isTrue();
        assertThat(once.covers(Instant.parse("2026-11-26T04:00:00Z"))).isFalse();
        MaintenanceWindow cancelled = new MaintenanceWindow(
                "mw-3",
                "H3",
                once.start(),
                once.end(),
                null,
                null,
                null,
                "upgrade",
                Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(cancelled.covers(Instant.parse("2026-11-26T03:00:00Z"))).isFalse();
    }

    @Test
    void aSeriesEndStopsTheOccurrences() {
        MaintenanceWindow twoWeeks = new MaintenanceWindow(
                "mw-4",
                "H1",
                CUT_OVER.start(),
                Instant.parse("2026-11-15T00:00:00Z"),
                "FREQ=DAILY",
                Duration.ofMinutes(30),
                "Asia/Shanghai",
                null,
                null);
        assertThat(twoWeeks.covers(Instant.parse("2026-11-14T15:10:00Z"))).isTrue();
        assertThat(twoWeeks.covers(Instant.parse("2026-11-16T15:10:00Z"))).isFalse();
    }

    @Test
    void theOccurrencesOfAWeekAreTheDailyCutOversInsideIt() {
        Instant monday = Instant.parse("2026-11-15T16:00:00Z");
        var week = CUT_OVER.occurrencesBetween(monday, monday.plus(Duration.ofDays(7)));
        assertThat(week).hasSize(7);
        assertThat(week.get(0))
                .isEqualTo(new MaintenanceWindow.Occurrence(
                        Instant.parse("2026-11-16T15:00:00Z"), Instant.parse("2026-11-16T15:30:00Z")));
        assertThat(week.get(6).start()).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
        assertThat(CUT_OVER.occurrencesBetween(
                        Instant.parse("2026-11-16T15:10:00Z"), Instant.parse("2026-11-16T15:20:00Z")))
                .as("an occurrence overlapping the range counts whole")
                .singleElement()
                .isEqualTo(new MaintenanceWindow.Occurrence(
                        Instant.parse("2026-11-16T15:00:00Z"), Instant.parse("2026-11-16T15:30:00Z")));
    }

    @Test
    void aCancelledWindowTookOnlyWhatRanBeforeItsCancellation() {
        MaintenanceWindow cancelled = new MaintenanceWindow(
                "mw-1",
                "H1",
                CUT_OVER.start(),
                null,
                "FREQ=DAILY",
                Duration.ofMinutes(30),
                "Asia/Shanghai",
                null,
                Instant.parse("2026-11-18T15:10:00Z"));
        Instant monday = Instant.parse("2026-11-15T16:00:00Z");
        assertThat(cancelled.occurrencesBetween(monday, monday.plus(Duration.ofDays(7))))
                .extracting(MaintenanceWindow.Occurrence::end)
                .containsExactly(
                        Instant.parse("2026-11-16T15:30:00Z"),
                        Instant.parse("2026-11-17T15:30:00Z"),
                        Instant.parse("2026-11-18T15:10:00Z"));
        MaintenanceWindow once = new MaintenanceWindow(
                "mw-3",
                "H3",
                Instant.parse("2026-11-26T02:00:00Z"),
                Instant.parse("2026-11-26T04:00:00Z"),
                null,
                null,
                null,
                "upgrade",
                null);
        assertThat(once.occurrencesBetween(monday, monday.plus(Duration.ofDays(7))))
                .isEmpty();
        assertThat(once.occurrencesBetween(
                        Instant.parse("2026-11-26T03:00:00Z"), Instant.parse("2026-11-27T00:00:00Z")))
                .hasSize(1);
    }

    @Test
    void serializesToWhatItsSchemaAccepts() {
        JsonNode json = ContractJson.mapper().valueToTree(CUT_OVER);
        assertThat(ContractSchema.MAINTENANCE_WINDOW.validate(json)).isEmpty();
        assertThat(json.get("duration").asText()).isEqualTo("PT30M");
        assertThat(MaintenanceWindow.validRrule("FREQ=WEEKLY;BYDAY=SU")).isTrue();
        assertThat(MaintenanceWindow.validRrule("FREQ=SOMETIMES")).isFalse();
    }
}
