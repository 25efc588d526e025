package dev.posmon.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.api.InvalidParameter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncidentFilterTest {

    @Test
    void readsEveryFilter() {
        IncidentFilter filter = IncidentFilter.parse("acknowledged", "HOST_OUTAGE", "2026-11-26T16:00:00+08:00");
        assertThat(filter)
                .isEqualTo(new IncidentFilter(
                        Incident.Status.ACKNOWLEDGED, IncidentKind.HOST_OUTAGE, Instant.parse("2026-11-26T08:00:00Z")));
    }

    @Test
    void absentOrEmptyParametersDoNotFilter() {
        assertThat(IncidentFilter.parse(null, "", " ")).isEqualTo(new IncidentFilter(null, null, null));
    }

    @ParameterizedTest(name = "status={0} kind={1} since={2}: {3} is refused")
    @CsvSource({
        "BROKEN, ,              ,                     status, 'expected one of OPEN, ACKNOWLEDGED, RESOLVED, got ''BROKEN'''",
        ",       HOST_DOWN,     ,                     kind,   'got ''HOST_DOWN'''",
        ",       ,              garbage,              since,  'expected an RFC 3339 instant'",
        ",       ,              2026-11-26,           since,  'got ''2026-11-26'''",
        "OPEN,   NETWORK_OUTAGE, 2026-11-26T08:00:00, since,  'got ''2026-11-26T08:00:00'''",
    })
    void aValueThatDoesNotReadNamesItsParameter(
            String status, String kind, String since, String parameter, String detail) {
        assertThatThrownBy(() -> IncidentFilter.parse(status, kind, since))
                .isInstanceOfSatisfying(InvalidParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).contains(detail);
                });
    }

    @Test
    void theKindErrorListsTheKinds() {
        assertThatThrownBy(() -> IncidentFilter.parse(null, "nope", null))
                .hasMessageContaining("HOST_OUTAGE")
                .hasMessageContaining("PLANNED_MAINTENANCE");
    }
}
