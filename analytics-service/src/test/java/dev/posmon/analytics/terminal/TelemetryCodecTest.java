package dev.posmon.analytics.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.Telemetry.Display;
import dev.posmon.contract.event.Telemetry.Location;
import dev.posmon.contract.event.Telemetry.Printer;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The terminals store's form of a telemetry sample reads back as the very record, whatever fields it has. */
class TelemetryCodecTest {

    /** Every field set, the occurredAt with nanoseconds, a network and a location with all their parts. */
    static Telemetry full() {
        return new Telemetry(
                UUID.fromString("df9432c9-5487-4179-bc30-b6e6910ea827"),
                "终端-T1|x",
                Instant.parse("2026-12-07T21:06:08.073123456Z"),
                64,
                true,
                new Network(NetworkType._4G, "CUCC", -89),
                73,
                Printer.PAPER_OUT,
                2,
                false,
                true,
                507,
                171_030L,
                1,
                "3.2.1",
                "FW-7.5",
                new Location(39.9042, 116.4074, 12.5),
                Display.WRONG_MERCHANT_NAME);
    }

    @Test
    void aFullSampleReadsBackAsTheRecordAndIsAFractionOfItsJson() {
        Telemetry sample = full();
        byte[] encoded = TelemetryCodec.encode(sample);
        assertThat(TelemetryCodec.decode(encoded)).isEqualTo(sample);
        byte[] json =
                Topics.DEVICE_TELEMETRY.valueSerde().serializer().serialize(Topics.DEVICE_TELEMETRY.name(), sample);
        assertThat(encoded.length).isLessThan(json.length / 3);
    }

    @Test
    void aSampleWithNoFieldsReadsBackWithNone() {
        Telemetry none = new Telemetry(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        assertThat(TelemetryCodec.decode(TelemetryCodec.encode(none))).isEqualTo(none);
    }

    @Test
    void anyMixOfPresentAndAbsentFieldsReadsBack() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            Telemetry sample = new Telemetry(
                    random.nextBoolean() ? UUID.randomUUID() : null,
                    random.nextBoolean() ? "T" + random.nextInt() : null,
                    random.nextBoolean()
                            ? Instant.ofEpochSecond(random.nextInt(2_000_000_000) - 100L, random.nextInt(1_000_000_000))
                            : null,
                    random.nextBoolean() ? random.nextInt(101) - 1 : null,
                    random.nextBoolean() ? random.nextBoolean() : null,
                    random.nextBoolean()
                            ? new Network(
                                    random.nextBoolean()
                                            ? NetworkType.values()[random.nextInt(NetworkType.values().length)]
                                            : null,
                                    random.nextBoolean() ? "CMCC" : null,
                                    random.nextBoolean() ? -random.nextInt(130) : null)
                            : null,
                    random.nextBoolean() ? random.nextInt() : null,
                    random.nextBoolean() ? Printer.values()[random.nextInt(Printer.values().length)] : null,
                    random.nextBoolean() ? random.nextInt(1000) : null,
                    random.nextBoolean() ? random.nextBoolean() : null,
                    random.nextBoolean() ? random.nextBoolean() : null,
                    random.nextBoolean() ? random.nextInt(1 << 20) : null,
                    random.nextBoolean() ? random.nextLong() : null,
                    random.nextBoolean() ? random.nextInt(50) : null,
                    random.nextBoolean() ? "3." + random.nextInt(10) + ".1" : null,
                    random.nextBoolean() ? "FW-" + random.nextInt(10) : null,
                    random.nextBoolean()
                            ? new Location(
                                    random.nextDouble() * 180 - 90,
                                    random.nextDouble() * 360 - 180,
                                    random.nextBoolean() ? random.nextDouble() * 100 : null)
                            : null,
                    random.nextBoolean() ? Display.values()[random.nextInt(Display.values().length)] : null);
            assertThat(TelemetryCodec.decode(TelemetryCodec.encode(sample)))
                    .as("sample %d: %s", i, sample)
                    .isEqualTo(sample);
        }
    }
}
