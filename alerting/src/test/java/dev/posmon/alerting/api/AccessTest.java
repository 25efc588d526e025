package dev.posmon.alerting.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.api.Access.Outcome;
import dev.posmon.alerting.api.Access.Role;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AccessTest {

    private final Access access = new Access(Optional.of("admin-secret"), Optional.of("operator-secret"));

    @ParameterizedTest(name = "{0} on an {1} endpoint: {2}")
    @CsvSource(nullValues = "none", value = {
            "none,                   OPERATOR, UNAUTHENTICATED",
            "none,                   ADMIN,    UNAUTHENTICATED",
            "Bearer wrong,           OPERATOR, UNAUTHENTICATED",
            "Bearer wrong,           ADMIN,    UNAUTHENTICATED",
            "Basic admin-secret,     ADMIN,    UNAUTHENTICATED",
            "Bearer operator-secret, OPERATOR, ALLOWED",
            "Bearer operator-secret, ADMIN,    FORBIDDEN",
            "Bearer admin-secret,    OPERATOR, ALLOWED",
            "Bearer admin-secret,    ADMIN,    ALLOWED",
            "bearer admin-secret,    ADMIN,    ALLOWED",
    })
    void theRoleMatrix(String authorization, Role needed, Outcome expected) {
        assertThat(access.check(authorization, needed).outcome()).isEqualTo(expected);
    }

    @Test
    void theOperatorIsToldItNeedsTheAdminToken() {
        assertThat(access.check("Bearer operator-secret", Role.ADMIN).reason()).contains("needs the admin bearer token");
    }

    @Test
    void withoutAnOperatorTokenOnlyTheAdminGetsIn() {
        Access adminOnly = new Access(Optional.of("admin-secret"), Optional.of(" "));
        assertThat(adminOnly.check("Bearer ", Role.OPERATOR).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(adminOnly.check("Bearer admin-secret", Role.OPERATOR).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void withoutAnyTokenConfiguredEveryRequestIsRefused() {
        Access none = new Access(Optional.empty(), Optional.empty());
        assertThat(none.check("Bearer ", Role.OPERATOR).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(none.check("Bearer anything", Role.ADMIN).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    }
}
