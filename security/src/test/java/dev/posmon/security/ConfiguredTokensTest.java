package dev.posmon.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredTokensTest {

    final ConfiguredTokens tokens = new ConfiguredTokens(
            Optional.of("admin-secret"),
            Optional.of("operator-secret"),
            Optional.of("support-secret"),
            Optional.empty());

    @Test
    void eachTokenIsItsOwnRoleAndNothingElse() {
        assertThat(tokens.resolve("admin-secret"))
                .hasValueSatisfying(c -> assertThat(c.roles()).containsExactly(Roles.ADMIN));
        assertThat(tokens.resolve("operator-secret"))
                .hasValueSatisfying(c -> assertThat(c.roles()).containsExactly(Roles.OPERATOR));
        assertThat(tokens.resolve("support-secret"))
                .hasValueSatisfying(c -> assertThat(c.roles()).containsExactly(Roles.SUPPORT));
        assertThat(tokens.resolve("admin-secre")).isEmpty();
        assertThat(tokens.resolve("admin-secret ")).isEmpty();
        assertThat(tokens.resolve("")).isEmpty();
    }

    @Test
    void withoutAPeerTokenEveryInstanceDerivesTheSameOneFromTheAdminToken() {
        String peer = tokens.peerToken().orElseThrow();
        assertThat(peer).startsWith("pmp_").doesNotContain("admin-secret");
        assertThat(new ConfiguredTokens(
                                Optional.of("admin-secret"), Optional.empty(), Optional.empty(), Optional.empty())
                        .peerToken())
                .contains(peer);
        assertThat(new ConfiguredTokens(
                                Optional.of("other-admin"), Optional.empty(), Optional.empty(), Optional.empty())
                        .peerToken())
                .isNotEqualTo(Optional.of(peer));
        assertThat(tokens.resolve(peer))
                .hasValueSatisfying(c -> assertThat(c.roles()).containsExactly(Roles.PEER));
    }

    @Test
    void aConfiguredPeerTokenWinsOverTheDerivedOne() {
        ConfiguredTokens configured = new ConfiguredTokens(
                Optional.of("admin-secret"), Optional.empty(), Optional.empty(), Optional.of("peer-secret"));
        assertThat(configured.peerToken()).contains("peer-secret");
        assertThat(configured.resolve(ConfiguredTokens.derivedPeerToken("admin-secret")))
                .isEmpty();
    }

    @Test
    void blankTokensAreUnsetAndWithoutAnAdminTokenNothingIsAdminOrPeer() {
        ConfiguredTokens none =
                new ConfiguredTokens(Optional.of(" "), Optional.of(""), Optional.of(" "), Optional.empty());
        assertThat(none.hasAdmin()).isFalse();
        assertThat(none.peerToken()).isEmpty();
        assertThat(none.resolve(" ")).isEmpty();
        assertThat(none.resolve("")).isEmpty();
    }
}
