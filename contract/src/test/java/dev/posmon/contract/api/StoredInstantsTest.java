package dev.posmon.contract.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredInstantsTest {

    @Test
    void yearsOneTo9999AreTakenAndTheRestRefusedNamingTheField() {
        assertThat(StoredInstants.check("since", Instant.parse("2026-12-07T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(StoredInstants.within(StoredInstants.EARLIEST)).isTrue();
        assertThat(StoredInstants.within(StoredInstants.LATEST)).isTrue();
        assertThat(StoredInstants.check("since", null)).isNull();
        for (String bad : new String[] {"+999999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> StoredInstants.check("start", Instant.parse(bad)))
                    .isInstanceOfSatisfying(
                            InvalidParameter.class,
                            e -> assertThat(e.parameter()).isEqualTo("start"))
                    .hasMessageContaining("years 1 to 9999");
        }
    }
}
