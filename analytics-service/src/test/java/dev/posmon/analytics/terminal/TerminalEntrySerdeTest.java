package dev.posmon.analytics.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TerminalEntrySerdeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00.123Z");
    private final TerminalEntrySerde serde = new TerminalEntrySerde();

    @Test
    void anEntryWithStateTelemetryAndSeenAttemptsReadsBackEqual() {
        AttemptSummary failure = new AttemptSummary(
                UUID.randomUUID().toString(),
                T0,
                "H1",
                "FAILURE",
                "AUTH",
                "96",
                null,
                null,
                -104,
                "3.2.1",
                "FW-7.4",
                Cause.HOST_UNAVAILABLE,
                new Evidence("CODE_TABLE", Map.of("responseCode", "96", "table", "cup@3")));
        AttemptSummary success = new AttemptSummary(
                UUID.randomUUID().toString(),
                T0.plusSeconds(30),
                "H1",
                "SUCCESS",
                "DONE",
                "00",
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        TerminalState state = new TerminalState(
                "终端-T1|x",
                "440000",
                "H1",
                T0.plusSeconds(30),
                T0.plusSeconds(30),
                null,
                0,
                null,
                List.of(T0.plusSeconds(30)),
                Health.SIGNON_LOOP,
                T0,
                List.of(success, failure));
        Telemetry sample = new Telemetry(
                UUID.randomUUID(),
                "终端-T1|x",
                T0,
                4,
                false,
                null,
                1800,
                Telemetry.Printer.OK,
                2,
                true,
                false,
                128,
                3600L,
                1,
                "3.2.1",
                "FW-7.4",
                null,
                null);
        TerminalEntry entry = TerminalEntry.empty().withTelemetry(sample).withState(state);
        entry.seen().firstTime(UUID.randomUUID(), T0.toEpochMilli(), 3_600_000);

        TerminalEntry read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry));

        assertThat(read.state()).isEqualTo(state);
        assertThat(read.latestTelemetry()).isEqualTo(sample);
        assertThat(read.telemetryAt()).isEqualTo(T0.toEpochMilli());
        assertThat(read.seen().size()).isEqualTo(1);
    }

    @Test
    void anOlderTelemetrySampleDoesNotReplaceANewerOne() {
        Telemetry newer = new Telemetry(
                UUID.randomUUID(),
                "T1",
                T0,
                50,
                true,
                null,
                null,
                null,
                9,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Telemetry older = new Telemetry(
                UUID.randomUUID(),
                "T1",
                T0.minusSeconds(60),
                50,
                true,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        TerminalEntry entry = TerminalEntry.empty().withTelemetry(newer);
        assertThat(entry.withTelemetry(older)).isSameAs(entry);
        assertThat(entry.withTelemetry(older).latestTelemetry().cardReaderErrors())
                .isEqualTo(9);
    }

    @Test
    void anEmptyEntryReadsBackEmpty() {
        TerminalEntry read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", TerminalEntry.empty()));
        assertThat(read.state()).isNull();
        assertThat(read.latestTelemetry()).isNull();
        assertThat(read.seen().size()).isZero();
    }

    @Test
    void anEntryOfVersionOneWithItsTelemetryAsJsonReadsTheSameTelemetry() {
        Telemetry sample = TelemetryCodecTest.full();
        BinaryOut v1 = new BinaryOut();
        v1.byte8(1); // version 1, as an earlier analytics wrote it
        v1.byte8(0); // no state yet
        v1.time(sample.occurredAt().toEpochMilli());
        v1.blob(Topics.DEVICE_TELEMETRY.valueSerde().serializer().serialize(Topics.DEVICE_TELEMETRY.name(), sample));
        v1.varint(0); // no attempts seen
        v1.time(Long.MIN_VALUE);

        TerminalEntry read = serde.deserializer().deserialize("t", v1.toBytes());

        assertThat(read.latestTelemetry()).isEqualTo(sample);
        assertThat(read.telemetryAt()).isEqualTo(sample.occurredAt().toEpochMilli());
        // written again in this version's form, which reads back the same
        byte[] again = serde.serializer().serialize("t", read);
        assertThat(again[0]).isEqualTo((byte) TerminalEntrySerde.VERSION);
        assertThat(serde.deserializer().deserialize("t", again).latestTelemetry())
                .isEqualTo(sample);
        assertThat(again.length).isLessThan(v1.toBytes().length);
    }

    @Test
    void anEntryIsWrittenTheSameWhateverTheThreadWroteBefore() {
        TerminalEntry small = TerminalEntry.empty();
        TerminalEntry large = TerminalEntry.empty().withTelemetry(TelemetryCodecTest.full());
        for (int i = 0; i < 500; i++) {
            large.seen().firstTime(UUID.randomUUID(), T0.toEpochMilli() + i, 3_600_000);
        }
        byte[] before = TerminalEntrySerde.write(small);
        byte[] largeBytes = TerminalEntrySerde.write(large); // grows the thread's buffer past its first size
        assertThat(TerminalEntrySerde.write(small)).isEqualTo(before);
        assertThat(TerminalEntrySerde.read(largeBytes).seen().size()).isEqualTo(500);
        assertThat(TerminalEntrySerde.read(largeBytes).latestTelemetry()).isEqualTo(TelemetryCodecTest.full());
    }

    @Test
    void aValueOfAnotherVersionIsRefusedByName() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
    }
}
