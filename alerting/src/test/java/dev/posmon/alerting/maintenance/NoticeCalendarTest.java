package dev.posmon.alerting.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticeCalendarTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final NoticeCalendar.Scope CARRIER = new NoticeCalendar.Scope(null, "440000", "CMCC");

    static String notices() throws IOException {
        try (InputStream in = NoticeCalendarTest.class.getResourceAsStream("/maintenance/notices.ics")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MaintenanceWindow withReason(List<MaintenanceWindow> windows, String reason) {
        return windows.stream()
                .filter(w -> w.reason().equals(reason))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDailyCutOverInShanghaiTimeIsOneRecurringWindow() throws IOException {
        List<MaintenanceWindow> windows = NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI);
        MaintenanceWindow cutOver = withReason(windows, "日切 Daily cut-over");
        assertThat(cutOver.recurring()).isTrue();
        assertThat(cutOver.rrule()).isEqualTo("FREQ=DAILY");
        assertThat(cutOver.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(cutOver.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(cutOver.start()).isEqualTo(Instant.parse("2026-12-01T15:30:00Z"));
        assertThat(cutOver.province()).isEqualTo("440000");
        assertThat(cutOver.carrier()).isEqualTo("CMCC");
        assertThat(cutOver.hostId()).isNull();
        assertThat(cutOver.source()).isEqualTo("gd-cmcc");
        assertThat(cutOver.occurrenceEndCovering(Instant.parse("2026-12-10T15:45:00Z")))
                .as("23:30-24:00 Beijing time every day")
                .isEqualTo(Instant.parse("2026-12-10T16:00:00Z"));
        assertThat(cutOver.covers(Instant.parse("2026-12-10T16:00:00Z"))).isFalse();
    }

    @Test
    void anExceptedOccurrenceIsSkippedAndAMovedOneIsAWindowOfItsOwn() throws IOException {
        List<MaintenanceWindow> windows = NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI);
        MaintenanceWindow cutOver = withReason(windows, "日切 Daily cut-over");
        assertThat(cutOver.covers(Instant.parse("2026-12-25T15:45:00Z")))
                .as("EXDATE: no cut-over on the 25th")
                .isFalse();
        assertThat(cutOver.covers(Instant.parse("2026-12-31T15:45:00Z")))
                .as("the 31st's occurrence moved")
                .isFalse();
        MaintenanceWindow moved = withReason(windows, "Year-end cut-over, moved earlier");
        assertThat(moved.recurring()).isFalse();
        assertThat(moved.start()).isEqualTo(Instant.parse("2026-12-31T14:00:00Z"));
        assertThat(moved.end()).isEqualTo(Instant.parse("2026-12-31T15:30:00Z"));
    }

    @Test
    void oneOffUtcAndFloatingTimesAndNoCancelledEvents() throws IOException {
        List<MaintenanceWindow> windows = NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI);
        assertThat(windows).extracting(MaintenanceWindow::reason).doesNotContain("Withdrawn works");
        MaintenanceWindow upgrade = withReason(windows, "Core network upgrade");
        assertThat(upgrade.start()).isEqualTo(Instant.parse("2026-12-12T17:00:00Z"));
        assertThat(upgrade.end()).isEqualTo(Instant.parse("2026-12-12T21:00:00Z"));
        MaintenanceWindow floating = withReason(windows, "Floating local time");
        assertThat(floating.start())
                .as("a floating time is read in the calendar's zone")
                .isEqualTo(Instant.parse("2026-12-13T18:00:00Z"));
        assertThat(windows).hasSize(4);
    }

    @Test
    void importingTheSameCalendarAgainGivesTheSameIdsAndAnotherCalendarOthers() throws IOException {
        List<String> first = NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI).stream()
                .map(MaintenanceWindow::id)
                .toList();
        List<String> again = NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI).stream()
                .map(MaintenanceWindow::id)
                .toList();
        List<String> other = NoticeCalendar.windows("gd-cucc", notices(), CARRIER, SHANGHAI).stream()
                .map(MaintenanceWindow::id)
                .toList();
        assertThat(again).isEqualTo(first);
        assertThat(first).doesNotContainAnyElementsOf(other).doesNotHaveDuplicates();
        assertThat(first).allSatisfy(id -> assertThat(id).matches("ics-[0-9a-f]{16}"));
    }

    @Test
    void aCarrierWindowCoversItsCarrierInItsProvinceOnly() throws IOException {
        MaintenanceWindow upgrade =
                withReason(NoticeCalendar.windows("gd-cmcc", notices(), CARRIER, SHANGHAI), "Core network upgrade");
        assertThat(upgrade.coversNetworkOf(Map.of("province", "440000", "carrier", "CMCC")))
                .isTrue();
        assertThat(upgrade.coversNetworkOf(Map.of("province", "440000", "carrier", "CUCC")))
                .isFalse();
        assertThat(upgrade.coversNetworkOf(Map.of("province", "440000")))
                .as("the whole province's network is more than the carrier's works")
                .isFalse();
        assertThat(upgrade.coversNetworkOf(Map.of("province", "310000", "carrier", "CMCC")))
                .isFalse();
        assertThat(upgrade.coversNetworkOf(Map.of("host", "HX-1"))).isFalse();
    }

    @Test
    void aBrokenCalendarSaysWhatIsWrong() {
        assertThatThrownBy(() -> NoticeCalendar.windows("x", "not a calendar", CARRIER, SHANGHAI))
                .isInstanceOf(NoticeCalendar.Invalid.class)
                .hasMessageContaining("iCalendar");
        String noEnd = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
                + "DTSTAMP:20261201T000000Z\r\nDTSTART:20261201T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertThatThrownBy(() -> NoticeCalendar.windows("x", noEnd, CARRIER, SHANGHAI))
                .isInstanceOf(NoticeCalendar.Invalid.class)
                .hasMessage("event a has neither DTEND nor DURATION");
        String windowsZone = noEnd.replace(
                        "DTSTART:20261201T000000Z", "DTSTART;TZID=China Standard Time:20261201T000000")
                .replace("END:VEVENT", "DURATION:PT1H\r\nEND:VEVENT");
        assertThatThrownBy(() -> NoticeCalendar.windows("x", windowsZone, CARRIER, SHANGHAI))
                .isInstanceOf(NoticeCalendar.Invalid.class)
                .hasMessageContaining("TZID 'China Standard Time' is not an IANA time zone id");
    }
}
