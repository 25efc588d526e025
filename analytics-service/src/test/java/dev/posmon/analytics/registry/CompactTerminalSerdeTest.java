package dev.posmon.analytics.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topics;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The compact registry value: every record reads back equal, whatever its strings (a property checked over
 * thousands of seeded random records, with odd values on purpose), and it is several times smaller than the
 * topic's JSON.
 */
class CompactTerminalSerdeTest {

    private static final List<String> ODD = List.of(
            "",
            "|",
            "a|b|",
            "||",
            "终端-深圳-福田",
            "🙂 emoji",
            "Asia/Shanghai",
            "\u0000",
            "tab\there",
            "quote\"and\\backslash",
            "x".repeat(127),
            "y".repeat(128),
            "z".repeat(20_000),
            "{",
            "\u0001");

    private final CompactTerminalSerde serde = new CompactTerminalSerde();

    private TerminalRecord roundTrip(TerminalRecord terminal) {
        return serde.deserialize("registry", serde.serialize("registry", terminal));
    }

    @Test
    void randomRecordsWithOddStringsReadBackEqual() {
        Random random = new Random(20261205);
        for (int i = 0; i < 5_000; i++) {
            Supplier<String> text = () -> switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> ODD.get(random.nextInt(ODD.size()));
                case 2 -> randomText(random, random.nextInt(300));
                default -> "V" + random.nextInt(40);
            };
            MerchantStatus status = random.nextInt(4) == 0 ? null : MerchantStatus.values()[random.nextInt(3)];
            TerminalRecord terminal = new TerminalRecord(
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    text.get(),
                    status);
            assertThat(roundTrip(terminal)).as("record %d: %s", i, terminal).isEqualTo(terminal);
        }
    }

    @Test
    void everyFieldOddOnItsOwnReadsBack() {
        for (String odd : ODD) {
            TerminalRecord terminal =
                    new TerminalRecord(odd, odd, odd, odd, odd, odd, odd, odd, odd, MerchantStatus.FROZEN);
            assertThat(roundTrip(terminal)).isEqualTo(terminal);
        }
        TerminalRecord empty = new TerminalRecord(null, null, null, null, null, null, null, null, null, null);
        assertThat(roundTrip(empty)).isEqualTo(empty);
        assertThat(serde.serialize("registry", null)).isNull();
        assertThat(serde.deserialize("registry", null)).isNull();
    }

    @Test
    void anAcquirerChangeIsEncodedWithTheNewAcquirer() {
        TerminalRecord before = terminal("ACQ-A");
        TerminalRecord after = terminal("ACQ-B");
        byte[] first = serde.serialize("registry", before);
        byte[] second = serde.serialize("registry", after);
        assertThat(serde.deserialize("registry", second).acquirer()).isEqualTo("ACQ-B");
        assertThat(serde.deserialize("registry", first).acquirer())
                .as("values written earlier still read")
                .isEqualTo("ACQ-A");
    }

    @Test
    void aRealisticRecordIsAFractionOfItsJson() {
        TerminalRecord terminal = terminal("ACQ-A");
        byte[] compact = serde.serialize("registry", terminal);
        byte[] json = Topics.TERMINAL_REGISTRY.valueSerde().serializer().serialize("registry", terminal);
        assertThat(compact.length)
                .as("8-char terminal id, 15-digit merchant id")
                .isLessThanOrEqualTo(2 + 7 + 1 + 8 + 1 + 15);
        assertThat(compact.length * 5).isLessThan(json.length);
    }

    @Test
    void theTopicsJsonIsStillRead() {
        TerminalRecord terminal = terminal("ACQ-A");
        byte[] json = Topics.TERMINAL_REGISTRY.valueSerde().serializer().serialize("registry", terminal);
        assertThat(serde.deserialize("registry", json)).isEqualTo(terminal);
    }

    private static TerminalRecord terminal(String acquirer) {
        return new TerminalRecord(
                "10440305",
                "898440358120001",
                "440305",
                "P2000",
                "Acme",
                "HOST-CUP-SZ-01",
                acquirer,
                "CUP",
                "Asia/Shanghai",
                MerchantStatus.ACTIVE);
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x4e00 + random.nextInt(0x5000);
                case 2 -> 0x1f300 + random.nextInt(0x300);
                default -> '|';
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
