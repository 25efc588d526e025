package dev.posmon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcquirerScopeTest {

    private static final AcquirerScope BOUND = AcquirerScope.of(List.of("ACQ-B", "ACQ-A"));

    @Test
    void anIdentityWithoutTheAttributeSeesEveryAcquirer() {
        AcquirerScope scope = AcquirerScope.of(identity(null));
        assertThat(scope.all()).isTrue();
        assertThat(scope.permits("ACQ-Z")).isTrue();
        assertThat(scope.permits(null)).as("data of no known acquirer").isTrue();
        assertThat(scope.overlaps(List.of())).isTrue();
        assertThatCode(() -> scope.check(scope.permits("ACQ-Z"))).doesNotThrowAnyException();
    }

    @Test
    void noIdentityAtAllSeesEveryAcquirerSinceTheRoleCheckAlreadyRefusedAnonymousCallers() {
        assertThat(AcquirerScope.of((io.quarkus.security.identity.SecurityIdentity) null))
                .isEqualTo(AcquirerScope.ALL);
    }

    @Test
    void anIdentityBoundToAcquirersSeesOnlyThose() {
        AcquirerScope scope = AcquirerScope.of(identity(Set.of("ACQ-A", "ACQ-B")));
        assertThat(scope.all()).isFalse();
        assertThat(scope.acquirers()).containsExactlyInAnyOrder("ACQ-A", "ACQ-B");
        assertThat(scope.permits("ACQ-A")).isTrue();
        assertThat(scope.permits("ACQ-C")).isFalse();
        assertThat(scope.permits(null)).as("data of no known acquirer").isFalse();
    }

    @Test
    void overlapsWhenAnyConcernedAcquirerIsBound() {
        assertThat(BOUND.overlaps(List.of("ACQ-C", "ACQ-A"))).isTrue();
        assertThat(BOUND.overlaps(List.of("ACQ-C", "ACQ-D"))).isFalse();
        assertThat(BOUND.overlaps(List.of()))
                .as("an incident that hit nobody known")
                .isFalse();
    }

    @Test
    void aChangeOfWhatConcernsAnotherTenantTooIsRefusedNamingOnlyTheCallersOwn() {
        assertThat(BOUND.covers(List.of("ACQ-A", "ACQ-B"))).isTrue();
        assertThat(BOUND.covers(List.of("ACQ-A", "ACQ-SECRET"))).isFalse();
        assertThat(AcquirerScope.ALL.covers(List.of("ACQ-A", "ACQ-SECRET"))).isTrue();
        assertThatCode(() -> BOUND.checkCovers(List.of("ACQ-A"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> BOUND.checkCovers(List.of("ACQ-A", "ACQ-SECRET")))
                .isInstanceOf(AcquirerScope.Refused.class)
                .hasMessageContaining("ACQ-A, ACQ-B")
                .hasMessageNotContaining("ACQ-SECRET");
    }

    @Test
    void checkRefusesAnotherTenantsDataWith403NamingOnlyTheCallersOwnAcquirers() {
        assertThatCode(() -> BOUND.check(BOUND.permits("ACQ-A"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> BOUND.check(BOUND.permits("ACQ-SECRET")))
                .isInstanceOf(AcquirerScope.Refused.class)
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("ACQ-A, ACQ-B")
                .hasMessageNotContaining("ACQ-SECRET");
    }

    @Test
    void theBoundSetCannotBeChangedThroughTheScope() {
        assertThatThrownBy(() -> BOUND.acquirers().add("ACQ-C")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static QuarkusSecurityIdentity identity(Set<String> acquirers) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("desk-1"))
                .addRole(Roles.SUPPORT);
        if (acquirers != null) {
            builder.addAttribute(AcquirerScope.ATTRIBUTE, acquirers);
        }
        return builder.build();
    }
}
