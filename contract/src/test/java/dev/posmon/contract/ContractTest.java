package dev.posmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonSerde;
import dev.posmon.contract.registry.RegionCode;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractTest {

    private static final SignOnAttempt ATTEMPT = new SignOnAttempt(
            UUID.fromString("3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5b"),
            "T1",
            Instant.parse("2026-11-26T07:59:30Z"),
            "H1",
            SignOnAttempt.Outcome.FAILURE,
            SignOnAttempt.Stage.KEY_EXCHANGE,
            "A0",
            null,
            SignOnAttempt.LocalError.KEY_MISSING,
            420,
            3,
            new Network(Network.NetworkType._4G, "CMCC", -95),
            "3.2.1",
            "FW-7.4",
            null);

    @Test
    void aRecordSerializesToWhatItsSchemaAccepts() {
        JsonNode json = ContractJson.mapper().valueToTree(ATTEMPT);
        assertThat(ContractSchema.SIGNON_ATTEMPT.validate(json)).isEmpty();
        assertThat(json.get("type").asText()).isEqualTo("signon");
        assertThat(json.at("/network/type").asText()).isEqualTo("4G");
        assertThat(json.has("operatorId")).isFalse();
    }

    @Test
    void theTopicSerdeWritesNoNullsSoWhatItWritesPassesTheSchema() throws Exception {
        SignOnAttempt ethernet = new SignOnAttempt(
                ATTEMPT.eventId(),
                "T1",
                ATTEMPT.occurredAt(),
                "H1",
                SignOnAttempt.Outcome.SUCCESS,
                SignOnAttempt.Stage.COMPLETE,
                "00",
                null,
                null,
                300,
                1,
                new Network(Network.NetworkType.ETHERNET, null, null),
                "3.2.1",
                "FW-7.4",
                null);
        byte[] bytes = Topics.SIGNON_ATTEMPTS.valueSerde().serializer().serialize("t", ethernet);
        JsonNode json = ContractJson.mapper().readTree(bytes);
        assertThat(json.get("network").has("carrier")).isFalse();
        assertThat(ContractSchema.SIGNON_ATTEMPT.validate(json)).isEmpty();
    }

    @Test
    void theTopicSerdeRoundTripsARecord() {
        Topic<String, SignOnAttempt> topic = Topics.SIGNON_ATTEMPTS;
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), ATTEMPT);
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
                .isEqualTo(ATTEMPT);
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), null))
                .isNull();
    }

    @Test
    void theSmileSerdeIsSmallerAndReadsBothSmileAndTheJsonEarlierVersionsStored() {
        JsonSerde<SignOnAttempt> smile = JsonSerde.smile(SignOnAttempt.class);
        byte[] binary = smile.serialize("state", ATTEMPT);
        byte[] json = new JsonSerde<>(SignOnAttempt.class).serialize("state", ATTEMPT);
        assertThat(binary).startsWith(':', ')', '\n').hasSizeLessThan(json.length);
        assertThat(smile.deserialize("state", binary)).isEqualTo(ATTEMPT);
        assertThat(smile.deserialize("state", json)).isEqualTo(ATTEMPT);
    }

    @Test
    void theBatchSchemaTakesAMixAndRefusesAnUnknownType() throws Exception {
        JsonNode batch = ContractJson.mapper()
                .readTree("[" + ContractJson.mapper().writeValueAsString(ATTEMPT) + ","
                        + "{\"type\":\"telemetry\",\"eventId\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\"terminalId\":\"T1\","
                        + "\"occurredAt\":\"2026-11-26T07:59:00Z\",\"batteryPct\":50}]");
        assertThat(ContractSchema.EVENT_BATCH.validate(batch)).isEmpty();
        JsonNode unknown = ContractJson.mapper().readTree("[{\"type\":\"heartbeat\"}]");
        assertThat(ContractSchema.EVENT_BATCH.validate(unknown)).isNotEmpty();
    }

    @Test
    void topicNamesAreUniqueAndVersioned() {
        assertThat(Topics.ALL)
                .extracting(Topic::name)
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches(".*\\.v[1-9][0-9]*"));
        assertThat(Topics.TERMINAL_REGISTRY.compacted()).isTrue();
        assertThat(Topics.SIGNON_ATTEMPTS.compacted()).isFalse();
    }

    @ParameterizedTest(name = "region {0} is in province {1}, city {2}")
    @CsvSource({
        "440305,440000,440300",
        "110101,110000,110100",
        "650102,650000,650100",
        "44030,UNKNOWN,UNKNOWN",
        "ABCDEF,UNKNOWN,UNKNOWN",
        "040305,UNKNOWN,UNKNOWN",
        "4403051,UNKNOWN,UNKNOWN",
        "44030a,UNKNOWN,UNKNOWN",
        "４４０３０５,UNKNOWN,UNKNOWN"
    })
    void derivesProvinceAndCityFromTheRegionCode(String region, String province, String city) {
        assertThat(RegionCode.province(region)).isEqualTo(province);
        assertThat(RegionCode.city(region)).isEqualTo(city);
    }

    @Test
    void aSchemasValidationMarkNamesItAndTheContractAndVouchesForNoOtherSchema() {
        byte[] attempt = ContractSchema.SIGNON_ATTEMPT.mark();
        assertThat(new String(attempt, StandardCharsets.UTF_8)).matches("signon-attempt\\.schema\\.json@[0-9a-f]{16}");
        assertThat(ContractSchema.SIGNON_ATTEMPT.marks(attempt)).isTrue();
        assertThat(ContractSchema.SIGNON_ATTEMPT.marks(ContractSchema.TELEMETRY.mark()))
                .isFalse();
        assertThat(ContractSchema.SIGNON_ATTEMPT.marks(null)).isFalse();
        // a contract with other schemas has another digest
        byte[] other = attempt.clone();
        other[other.length - 1] = (byte) (other[other.length - 1] == '0' ? '1' : '0');
        assertThat(ContractSchema.SIGNON_ATTEMPT.marks(other)).isFalse();
    }
}
