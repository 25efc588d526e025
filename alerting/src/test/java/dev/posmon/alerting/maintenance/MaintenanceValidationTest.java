package dev.posmon.alerting.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.alerting.maintenance.MaintenanceResource.NewWindow;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceValidationTest {

    static final Instant START = Instant.parse("2026-12-06T02:00:00Z");

    @Test
    void aReasonAsLongAsItsColumnIsTakenOneCharacterMoreIsA400NamingIt() {
        String longest = "维".repeat(500);
        assertThat(MaintenanceResource.validate(
                                new NewWindow("H1", START, START.plusSeconds(600), null, null, null, longest))
                        .reason())
                .isEqualTo(longest);
        assertThatThrownBy(() -> MaintenanceResource.validate(
                        new NewWindow("H1", START, START.plusSeconds(600), null, null, null, longest + "修")))
                .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(400);
                    assertThat(e.getResponse().getEntity().toString())
                            .contains("reason", "at most 500 characters, got 501");
                });
    }

    @Test
    void anOverLongRecurrenceRuleOrTimeZoneIsA400NamingIt() {
        assertThatThrownBy(() -> MaintenanceResource.validate(new NewWindow(
                        "H1", START, null, "FREQ=DAILY;" + "BYHOUR=1;".repeat(60), "PT30M", "Asia/Shanghai", null)))
                .isInstanceOfSatisfying(
                        WebApplicationException.class,
                        e -> assertThat(e.getResponse().getEntity().toString()).contains("rrule"));
        assertThatThrownBy(() -> MaintenanceResource.validate(
                        new NewWindow("H1", START, null, "FREQ=DAILY", "PT30M", "A".repeat(65), null)))
                .isInstanceOfSatisfying(
                        WebApplicationException.class,
                        e -> assertThat(e.getResponse().getEntity().toString()).contains("timezone"));
    }
}
