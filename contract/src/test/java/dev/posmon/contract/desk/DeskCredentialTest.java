package dev.posmon.contract.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeskCredentialTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");
    private static final DeskCredential SUPPORT = new DeskCredential(
            "desk-1", "ACQ-A support desk", "support", List.of("ACQ-A", "ACQ-B"), "ab12", CREATED, null);

    @Test
    void theTopicSerdeRoundTripsACredentialAndWritesNoRevokedAtUntilRevoked() throws Exception {
        Topic<String, DeskCredential> topic = Topics.DESK_CREDENTIALS;
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), SUPPORT);
        JsonNode json = ContractJson.mapper().readTree(bytes);
        assertThat(json.has("revokedAt")).isFalse();
        assertThat(json.has("revoked")).as("a derived method is not a field").isFalse();
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
                .isEqualTo(SUPPORT);

        DeskCredential revoked = SUPPORT.withRevokedAt(CREATED.plusSeconds(60));
        assertThat(revoked.revoked()).isTrue();
        assertThat(SUPPORT.revoked()).isFalse();
        assertThat(topic.valueSerde()
                        .deserializer()
                        .deserialize(
                                topic.name(), topic.valueSerde().serializer().serialize(topic.name(), revoked)))
                .isEqualTo(revoked);
    }

    @Test
    void theTopicIsCompactedWithOnePartitionLikeTheIngestSources() {
        assertThat(Topics.DESK_CREDENTIALS.name()).isEqualTo("posmon.credentials.v1");
        assertThat(Topics.DESK_CREDENTIALS.compacted()).isTrue();
        assertThat(Topics.DESK_CREDENTIALS.partitions()).isEqualTo(1);
        assertThat(Topics.ALL).contains(Topics.DESK_CREDENTIALS);
    }

    @Test
    void aRoleOtherThanOperatorOrSupportIsRefused() {
        assertThatThrownBy(() -> new DeskCredential("d", "n", "admin", List.of("A"), "h", CREATED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operator or support");
    }

    @Test
    void aCredentialBoundToNoAcquirerIsRefused() {
        assertThatThrownBy(() -> new DeskCredential("d", "n", "operator", List.of(), "h", CREATED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one acquirer");
    }

    @Test
    void theAcquirersCannotBeChangedAfterwards() {
        List<String> acquirers = new ArrayList<>(List.of("A"));
        DeskCredential credential = new DeskCredential("d", "n", "operator", acquirers, "h", CREATED, null);
        acquirers.add("B");
        assertThat(credential.acquirers()).containsExactly("A");
    }
}
