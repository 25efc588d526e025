package dev.posmon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.desk.DeskCredential;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeskCredentialIndexTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");
    private static final String TOKEN = "pmd_support-token-of-acq-a";

    private final DeskCredentialIndex index = new DeskCredentialIndex();

    @Test
    void aTokenResolvesToItsCredentialsIdRoleAndAcquirers() {
        index.apply(null, desk("desk-1", "support", TOKEN, List.of("ACQ-A", "ACQ-B")));

        Credential credential = index.resolve(TOKEN).orElseThrow();

        assertThat(credential.name()).isEqualTo("desk-1");
        assertThat(credential.roles()).containsExactly(Roles.SUPPORT);
        assertThat(credential.attributes())
                .containsEntry(AcquirerScope.ATTRIBUTE, Set.of("ACQ-A", "ACQ-B"))
                .hasSize(1);
    }

    @Test
    void anOperatorCredentialHasTheOperatorRoleOnly() {
        index.apply(null, desk("desk-2", "operator", TOKEN, List.of("ACQ-A")));
        assertThat(index.resolve(TOKEN).orElseThrow().roles()).containsExactly(Roles.OPERATOR);
    }

    @Test
    void anUnknownTokenIsNotThisResolversToJudge() {
        index.apply(null, desk("desk-1", "support", TOKEN, List.of("ACQ-A")));
        assertThat(index.resolve("pmd_another")).isEmpty();
        assertThat(index.resolve(IssuedTokens.sha256(TOKEN)))
                .as("the stored hash is not itself a token")
                .isEmpty();
    }

    @Test
    void aRevokedCredentialIsRefusedNamingIt() {
        DeskCredential issued = desk("desk-1", "support", TOKEN, List.of("ACQ-A"));
        index.apply(null, issued);
        index.apply(issued, issued.withRevokedAt(CREATED.plusSeconds(3600)));

        assertThatThrownBy(() -> index.resolve(TOKEN))
                .isInstanceOf(TokenResolver.CredentialRefused.class)
                .hasMessage("credential desk-1 was revoked");
    }

    @Test
    void aTombstoneForgetsTheCredential() {
        DeskCredential issued = desk("desk-1", "support", TOKEN, List.of("ACQ-A"));
        index.apply(null, issued);
        index.apply(issued, null);

        assertThat(index.resolve(TOKEN)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void aCredentialWhoseTokenChangedAnswersOnlyToTheNewToken() {
        DeskCredential issued = desk("desk-1", "support", TOKEN, List.of("ACQ-A"));
        index.apply(null, issued);
        index.apply(issued, desk("desk-1", "support", "pmd_rotated", List.of("ACQ-A")));

        assertThat(index.resolve(TOKEN)).isEmpty();
        assertThat(index.resolve("pmd_rotated")).isPresent();
    }

    @Test
    void issuedTokensAreRandomPrefixedAndHashedToSha256Hex() {
        String token = IssuedTokens.generate(IssuedTokens.DESK_PREFIX);
        assertThat(token).startsWith("pmd_").hasSize(4 + 43).isNotEqualTo(IssuedTokens.generate("pmd_"));
        assertThat(IssuedTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static DeskCredential desk(String id, String role, String token, List<String> acquirers) {
        return new DeskCredential(id, id + " desk", role, acquirers, IssuedTokens.sha256(token), CREATED, null);
    }
}
