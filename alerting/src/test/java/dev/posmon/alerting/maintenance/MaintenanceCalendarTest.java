package dev.posmon.alerting.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceCalendarTest {

    private final MaintenanceCalendar calendar = new MaintenanceCalendar();

    @Test
    void aWeeklyWindowKeepsItsLocalHourAcrossTheDaylightSavingChange() {
        // Sundays 02:30-04:30 New York time; DST ends on Sunday 2026-11-01
        calendar.put(new MaintenanceWindow(
                "weekly",
                "H-NY",
                Instant.parse("2026-10-18T06:30:00Z"),
                null,
                "FREQ=WEEKLY;BYDAY=SU",
                Duration.ofHours(2),
                "America/New_York",
                "weekly patching",
                null));
        assertThat(calendar.covering("H-NY", Instant.parse("2026-10-25T07:00:00Z")))
                .as("03:00 EDT")
                .isPresent();
        assertThat(calendar.covering("H-NY", Instant.parse("2026-11-01T08:00:00Z")))
                .as("03:00 EST, after the change")
                .isPresent();
        assertThat(calendar.covering("H-NY", Instant.parse("2026-11-01T08:00:00Z"))
                        .get()
                        .occurrenceEnd())
                .isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(calendar.covering("H-NY", Instant.parse("2026-11-01T06:45:00Z")))
                .as("01:45 EST: not yet")
                .isEmpty();
        assertThat(calendar.covering("H-NY", Instant.parse("2026-11-04T08:00:00Z")))
                .as("a Wednesday")
                .isEmpty();
    }

    @Test
    void windowsBelongToTheirHostAndCancelledOrRemovedOnesCoverNothing() {
        MaintenanceWindow once = new MaintenanceWindow(
                "mw-1",
                "H1",
                Instant.parse("2026-11-26T02:00:00Z"),
                Instant.parse("2026-11-26T04:00:00Z"),
                null,
                null,
                null,
                null,
                null);
        calendar.put(once);
        assertThat(calendar.covering("H1", Instant.parse("2026-11-26T03:00:00Z")))
                .isPresent();
        assertThat(calendar.covering("H2", Instant.parse("2026-11-26T03:00:00Z")))
                .isEmpty();

        calendar.put(new MaintenanceWindow(
                "mw-1", "H1", once.start(), once.end(), null, null, null, null, Instant.parse("2026-11-25T00:00:00Z")));
        assertThat(calendar.covering("H1", Instant.parse("2026-11-26T03:00:00Z")))
                .isEmpty();

        calendar.put(once);
        calendar.remove("mw-1");
        assertThat(calendar.covering("H1", Instant.parse("2026-11-26T03:00:00Z")))
                .isEmpty();
    }
}
