package dev.posmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The records analytics writes serialize to what their published schemas accept, and round-trip through their serdes. */
class DownstreamRecordsTest {

    static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    static final SignOnAttempt ATTEMPT = new SignOnAttempt(
            UUID.fromString("3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5b"),
            "T1",
            T0,
            "H1",
            SignOnAttempt.Outcome.FAILURE,
            SignOnAttempt.Stage.AUTH,
            "96",
            null,
            null,
            800,
            1,
            new Network(Network.NetworkType._4G, "CMCC", -80),
            "3.2.1",
            "FW-7.4",
            null);

    @Test
    void aClassifiedSignOnMatchesItsSchemaAndDoesNotRepeatTheAttempt() {
        ClassifiedAttempt classified = new ClassifiedAttempt(
                ATTEMPT,
                true,
                "440000",
                "440300",
                "440305",
                "M1",
                "P2000",
                "Acme",
                "H1",
                "ACQ-A",
                "CUP",
                MerchantStatus.ACTIVE,
                Cause.HOST_UNAVAILABLE,
                new Evidence("CODE_TABLE", Map.of("responseCode", "96", "profile", "CUP")));
        ClassifiedSignOn record = ClassifiedSignOn.of(classified);
        JsonNode json = ContractJson.mapper().valueToTree(record);
        assertThat(ContractSchema.CLASSIFIED_SIGNON.validate(json)).isEmpty();
        assertThat(json.get("eventId").asText()).isEqualTo(ATTEMPT.eventId().toString());
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(json.get("outcome").asText()).isEqualTo("FAILURE");
        assertThat(json.get("hostId").asText()).isEqualTo("H1");
        assertThat(json.get("acquirer").asText()).isEqualTo("ACQ-A");
        assertThat(json.has("attempt"))
                .as("the attempt is on signon.attempts.v1, not repeated")
                .isFalse();
        assertThat(json.has("firmwareVersion")).isFalse();
        assertThat(Topics.SIGNON_CLASSIFIED.valueSerde().serializer().serialize("t", record).length)
                .as("bytes of JSON")
                .isLessThan(400);
        roundTrips(Topics.SIGNON_CLASSIFIED.valueSerde(), record);

        ClassifiedSignOn unregistered = ClassifiedSignOn.of(new ClassifiedAttempt(
                ATTEMPT,
                false,
                "UNKNOWN",
                "UNKNOWN",
                "UNKNOWN",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Cause.UNKNOWN,
                new Evidence("UNMAPPED_CODE", Map.of())));
        assertThat(ContractSchema.CLASSIFIED_SIGNON.validate(
                        ContractJson.mapper().valueToTree(unregistered)))
                .isEmpty();
        ClassifiedSignOn success = ClassifiedSignOn.of(new ClassifiedAttempt(
                ATTEMPT,
                true,
                "440000",
                "440300",
                "440305",
                "M1",
                "P2000",
                "Acme",
                "H1",
                "ACQ-A",
                "CUP",
                MerchantStatus.ACTIVE,
                null,
                null));
        assertThat(ContractSchema.CLASSIFIED_SIGNON.validate(
                        ContractJson.mapper().valueToTree(success)))
                .isEmpty();
    }

    @Test
    void aCubeCellMatchesItsSchemaAndItsKeyNamesWindowAndDimensions() {
        CubeCell cell = new CubeCell(
                T0,
                T0.plusSeconds(60),
                "440000",
                "H1",
                "CMCC",
                "P2000",
                "FW-7.4",
                10,
                7,
                3,
                Map.of(Cause.HOST_UNAVAILABLE, 2L, Cause.NETWORK, 1L),
                2,
                Map.of("96", 2L, "CONNECT_TIMEOUT", 1L));
        assertThat(ContractSchema.CUBE_CELL.validate(ContractJson.mapper().valueToTree(cell)))
                .isEmpty();
        assertThat(cell.key()).isEqualTo("2026-11-26T08:00:00Z|440000|H1|CMCC|P2000|FW-7.4|UNKNOWN|UNKNOWN");
        assertThat(cell.app()).as("a sender that does not know the app version").isEqualTo(CubeCell.UNKNOWN);
        assertThat(cell.dimension("carrier")).isEqualTo("CMCC");
        assertThat(cell.acquirer())
                .as("a sender that does not know the acquirer")
                .isEqualTo(CubeCell.UNKNOWN);
        roundTrips(Topics.SIGNON_CUBE.valueSerde(), cell);
    }

    @Test
    void aHealthTransitionMatchesItsSchema() {
        TerminalHealth stuck = new TerminalHealth(
                "T1", TerminalHealth.State.STUCK, T0, T0.plusSeconds(1900), Cause.NETWORK, 12, 0, "440000", "H1", "M1");
        assertThat(ContractSchema.TERMINAL_HEALTH.validate(ContractJson.mapper().valueToTree(stuck)))
                .isEmpty();
        roundTrips(Topics.TERMINAL_HEALTH.valueSerde(), stuck);
        TerminalHealth failing = new TerminalHealth(
                "T1",
                TerminalHealth.State.FAILING,
                T0,
                T0,
                Cause.NETWORK,
                1,
                0,
                "440000",
                "H1",
                "M1",
                "ACQ-A",
                "CMCC",
                "P2000",
                "FW-7.4",
                "3.4.1",
                "440305");
        assertThat(ContractSchema.TERMINAL_HEALTH.validate(ContractJson.mapper().valueToTree(failing)))
                .isEmpty();
        roundTrips(Topics.TERMINAL_HEALTH.valueSerde(), failing);
    }

    private static <T> void roundTrips(Serde<T> serde, T value) {
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value)))
                .isEqualTo(value);
    }
}
