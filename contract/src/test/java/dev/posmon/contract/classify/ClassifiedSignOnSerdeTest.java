package dev.posmon.contract.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonValues;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of {@code signon.classified.v2} is, byte for byte, what databind writes, and stays valid. */
class ClassifiedSignOnSerdeTest {

    private static final ClassifiedSignOnSerde SERDE = new ClassifiedSignOnSerde();

    private static final int RECORDS = 20_000;

    @Test
    void writesWhatDatabindWritesByteForByte() throws Exception {
        SplittableRandom random = new SplittableRandom(31);
        int writtenByHand = 0;
        for (int i = 0; i < RECORDS; i++) {
            ClassifiedSignOn record = anyRecord(random);
            byte[] databind = ContractJson.mapper().writeValueAsBytes(record);
            byte[] written = SERDE.byHand(record);
            if (written != null) {
                writtenByHand++;
                assertThat(new String(written, StandardCharsets.UTF_8))
                        .isEqualTo(new String(databind, StandardCharsets.UTF_8));
                assertThat(written).isEqualTo(databind);
            }
            byte[] byHand = Topics.SIGNON_CLASSIFIED.valueSerde().serializer().serialize("t", record);
            assertThat(new String(byHand, StandardCharsets.UTF_8))
                    .isEqualTo(new String(databind, StandardCharsets.UTF_8));
            assertThat(byHand).isEqualTo(databind);
            if (!JsonValues.hasLoneSurrogate(record.toString())) { // JSON cannot carry one back
                assertThat(Topics.SIGNON_CLASSIFIED.valueSerde().deserializer().deserialize("t", byHand))
                        .isEqualTo(record);
            }
        }
        assertThat(Topics.SIGNON_CLASSIFIED.valueSerde().serializer().serialize("t", null))
                .isNull();
    }

    @Test
    void instantsAtTheEdgesOfTheYearsWrittenByHand() throws Exception {
        for (String at : new String[] {
            "-0001-12-31T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59.500Z",
            "1970-01-01T00:00:00.000001Z",
            "2026-02-28T23:59:59.000000001Z",
            "2028-02-29T12:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z"
        }) {
            ClassifiedSignOn record = new ClassifiedSignOn(
                    new UUID(0, -1),
                    "T1",
                    Instant.parse(at),
                    Outcome.SUCCESS,
                    "H1",
                    true,
                    "440000",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            assertThat(new String(SERDE.json(record), StandardCharsets.UTF_8))
                    .contains("\"occurredAt\":\"" + at + "\"")
                    .isEqualTo(ContractJson.mapper().writeValueAsString(record));
        }
    }

    @Test
    void whatAnalyticsWritesStillMatchesTheSchema() throws Exception {
        SplittableRandom random = new SplittableRandom(32);
        for (int i = 0; i < 2_000; i++) {
            ClassifiedSignOn record = validRecord(random);
            byte[] bytes = SERDE.json(record);
            assertThat(ContractSchema.CLASSIFIED_SIGNON.validate(
                            ContractJson.mapper().readTree(bytes)))
                    .as(new String(bytes, StandardCharsets.UTF_8))
                    .isEmpty();
        }
    }

    /** Any values, the schema's or not: every optional field present or absent, odd strings, instants of any year. */
    private static ClassifiedSignOn anyRecord(SplittableRandom random) {
        boolean failed = random.nextBoolean();
        return new ClassifiedSignOn(
                random.nextInt(50) == 0 ? null : new UUID(random.nextLong(), random.nextLong()),
                JsonValues.text(random),
                random.nextInt(50) == 0 ? null : JsonValues.instant(random),
                random.nextInt(50) == 0 ? null : failed ? Outcome.FAILURE : Outcome.SUCCESS,
                maybe(random) ? JsonValues.text(random) : null,
                random.nextBoolean(),
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? Cause.values()[random.nextInt(Cause.values().length)] : null,
                maybe(random) ? evidence(random, maybe(random) ? JsonValues.text(random) : null) : null);
    }

    /** What analytics writes: the schema's shapes. */
    private static ClassifiedSignOn validRecord(SplittableRandom random) {
        boolean failed = random.nextBoolean();
        boolean registered = random.nextBoolean();
        String province = registered ? (11 + random.nextInt(80)) + "0000" : "UNKNOWN";
        return new ClassifiedSignOn(
                new UUID(random.nextLong(), random.nextLong()),
                "T" + random.nextInt(1_000_000),
                Instant.ofEpochSecond(
                        random.nextLong(1_700_000_000L, 1_900_000_000L), random.nextInt(1000) * 1_000_000L),
                failed ? Outcome.FAILURE : Outcome.SUCCESS,
                "H" + random.nextInt(10),
                registered,
                province,
                registered ? province.substring(0, 4) + "00" : null,
                registered ? "M-" + random.nextInt(1000) : null,
                registered ? (random.nextBoolean() ? "P2000" : "新大陆 ME31") : null,
                registered ? "ACQ-" + random.nextInt(5) : null,
                failed ? Cause.values()[random.nextInt(Cause.values().length)] : null,
                failed
                        ? new Evidence(
                                "CODE_TABLE", Map.of("responseCode", "96", "profile", "CUP", "note", "新 \"x\"\n"))
                        : null);
    }

    private static Evidence evidence(SplittableRandom random, String rule) {
        Map<String, String> fields = new HashMap<>();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            fields.put(JsonValues.text(random), JsonValues.text(random));
        }
        return new Evidence(rule, fields);
    }

    private static boolean maybe(SplittableRandom random) {
        return random.nextBoolean();
    }
}
