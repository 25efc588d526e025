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
    void anEntryOfVersionTwoWithItsAttemptsNamesAsStringsReadsTheSameState() {
        AttemptSummary failure = new AttemptSummary(
                "0f8b7c2e-59a4-4b61-9a3e-2d7c4e1f0a99",
                T0,
                "H1",
                "FAILURE",
                "AUTH",
                null,
                "READ_TIMEOUT",
                "MERCHANT_NAME_MISMATCH",
                -104,
                "3.2.1",
                "FW-7.4",
                Cause.NETWORK,
                new Evidence("TRANSPORT", Map.of("transportError", "READ_TIMEOUT")));
        AttemptSummary odd = new AttemptSummary(
                "not-a-uuid",
                T0.minusSeconds(30),
                "H2",
                "SOMETHING_NEWER",
                null,
                "96",
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        BinaryOut v2 = new BinaryOut();
        v2.byte8(2); // version 2, as an earlier analytics wrote it
        v2.byte8(1);
        v2.string("T1");
        v2.string("440000");
        v2.string("H1");
        v2.time(T0.toEpochMilli());
        v2.time(Long.MIN_VALUE);
        v2.time(T0.toEpochMilli());
        v2.varint(1);
        v2.string("NETWORK");
        v2.varint(0); // no recent sign-ons
        v2.string("OK");
        v2.time(Long.MIN_VALUE);
        v2.varint(2);
        v2.blob(withNames(failure));
        v2.blob(withNames(odd));
        v2.time(Long.MIN_VALUE); // no telemetry
        v2.blob(null);
        v2.varint(0); // no attempts seen
        v2.time(Long.MIN_VALUE);

        TerminalEntry read = serde.deserializer().deserialize("t", v2.toBytes());

        assertThat(read.state().recentAttempts()).containsExactly(failure, odd);
        assertThat(read.state().currentCause()).isEqualTo(Cause.NETWORK);
        byte[] again = serde.serializer().serialize("t", read);
        assertThat(again[0]).isEqualTo((byte) TerminalEntrySerde.VERSION);
        assertThat(serde.deserializer().deserialize("t", again).state()).isEqualTo(read.state());
        assertThat(again.length)
                .as("the eventId in 16 bytes, the names in one each")
                .isLessThan(v2.toBytes().length - 40);
    }

    @Test
    void onlyAnEventIdInUuidsOwnFormIsWrittenAsItsBytes() {
        UUID id = UUID.randomUUID();
        assertThat(TerminalEntrySerde.canonicalUuid(id.toString()))
                .containsExactly(id.getMostSignificantBits(), id.getLeastSignificantBits());
        for (String other : new String[] {
            id.toString().toUpperCase(java.util.Locale.ROOT),
            "1-1-1-1-1",
            id + "x",
            "",
            id.toString().replace('-', '_')
        }) {
            assertThat(TerminalEntrySerde.canonicalUuid(other)).as(other).isNull();
            BinaryOut out = new BinaryOut();
            TerminalEntrySerde.writeAttempt(out, attempt(other));
            assertThat(TerminalEntrySerde.readAttempt(new BinaryIn(out.toBytes()))
                            .eventId())
                    .isEqualTo(other);
        }
    }

    /** An attempt as versions 1 and 2 encoded it: the eventId and the names as strings. */
    private static byte[] withNames(AttemptSummary a) {
        BinaryOut out = new BinaryOut();
        out.time(a.occurredAt().toEpochMilli());
        out.string(a.eventId());
        out.string(a.hostId());
        out.string(a.outcome());
        out.string(a.stage());
        out.string(a.responseCode());
        out.string(a.transportError());
        out.string(a.localError());
        out.byte8(a.signalDbm() == null ? 0 : 1);
        if (a.signalDbm() != null) {
            out.zigzag(a.signalDbm());
        }
        out.string(a.appVersion());
        out.string(a.firmwareVersion());
        out.string(a.cause() == null ? null : a.cause().name());
        out.byte8(a.evidence() == null ? 0 : 1);
        if (a.evidence() != null) {
            out.string(a.evidence().rule());
            out.varint(a.evidence().fields().size());
            a.evidence().fields().forEach((field, value) -> {
                out.string(field);
                out.string(value);
            });
        }
        return out.toBytes();
    }

    private static AttemptSummary attempt(String eventId) {
        return new AttemptSummary(
                eventId, T0, "H1", "SUCCESS", "COMPLETE", "00", null, null, null, null, null, null, null);
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
