package dev.posmon.contract.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonValues;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of {@code terminal.health.v1} is, byte for byte, what databind writes, and reads back. */
class TerminalHealthSerdeTest {

    private static final TerminalHealthSerde SERDE = new TerminalHealthSerde();

    @Test
    void writesWhatDatabindWritesByteForByte() throws Exception {
        SplittableRandom random = new SplittableRandom(41);
        int writtenByHand = 0;
        for (int i = 0; i < 20_000; i++) {
            TerminalHealth record = anyRecord(random);
            byte[] databind = ContractJson.mapper().writeValueAsBytes(record);
            byte[] written = SERDE.byHand(record);
            if (written != null) {
                writtenByHand++;
                assertThat(new String(written, StandardCharsets.UTF_8))
                        .isEqualTo(new String(databind, StandardCharsets.UTF_8));
            }
            byte[] serialized = Topics.TERMINAL_HEALTH.valueSerde().serializer().serialize("t", record);
            assertThat(serialized).isEqualTo(databind);
            if (!JsonValues.hasLoneSurrogate(record.toString())) { // JSON cannot carry one back
                assertThat(Topics.TERMINAL_HEALTH.valueSerde().deserializer().deserialize("t", serialized))
                        .isEqualTo(record);
            }
        }
        assertThat(writtenByHand)
                .as("records that need no escape are written here")
                .isGreaterThan(2_000);
        assertThat(Topics.TERMINAL_HEALTH.valueSerde().serializer().serialize("t", null))
                .isNull();
    }

    @Test
    void countsOfEveryMagnitudeAreWrittenAsDatabindWritesThem() throws Exception {
        for (int count : new int[] {0, 7, 10, 99, 100, 12_345, Integer.MAX_VALUE, -1, -10, Integer.MIN_VALUE}) {
            TerminalHealth record = new TerminalHealth(
                    "T1",
                    TerminalHealth.State.STUCK,
                    Instant.EPOCH,
                    Instant.EPOCH,
                    null,
                    count,
                    count,
                    null,
                    null,
                    null);
            assertThat(new String(SERDE.json(record), StandardCharsets.UTF_8))
                    .contains("\"consecutiveFailures\":" + count + ",")
                    .isEqualTo(ContractJson.mapper().writeValueAsString(record));
        }
    }

    /** Any values: every optional field present or absent, odd strings, instants of any year, counts of any size. */
    private static TerminalHealth anyRecord(SplittableRandom random) {
        return new TerminalHealth(
                random.nextInt(50) == 0 ? null : JsonValues.text(random),
                random.nextInt(50) == 0
                        ? null
                        : TerminalHealth.State.values()[random.nextInt(TerminalHealth.State.values().length)],
                maybe(random) ? JsonValues.instant(random) : null,
                random.nextInt(50) == 0 ? null : JsonValues.instant(random),
                maybe(random) ? Cause.values()[random.nextInt(Cause.values().length)] : null,
                random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(200),
                random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(20),
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null,
                maybe(random) ? JsonValues.text(random) : null);
    }

    private static boolean maybe(SplittableRandom random) {
        return random.nextBoolean();
    }
}
