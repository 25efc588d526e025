package dev.posmon.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.schema.ContractSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand-written readers give databind's record for every input they read, read every event the contract's mapper
 * writes, and leave the rest to databind: a marked record decodes to the same event or the same poison, reason and all,
 * with or without them.
 */
class EventReadersTest {

    private static final int EVENTS = 10_000;

    @Test
    void attemptsReadAsDatabindReadsThem() {
        GeneratedEvents events = new GeneratedEvents(11);
        readsAsDatabind(new AttemptReader(), SignOnAttempt.class, events::attempt, events);
    }

    @Test
    void telemetryReadsAsDatabindReadsIt() {
        GeneratedEvents events = new GeneratedEvents(12);
        readsAsDatabind(new TelemetryReader(), Telemetry.class, events::telemetry, events);
    }

    private static <T extends TerminalEvent> void readsAsDatabind(
            EventReader<T> reader, Class<T> type, Supplier<T> generate, GeneratedEvents events) {
        ObjectReader databind = ContractJson.mapper().readerFor(type);
        int readByHand = 0;
        for (int i = 0; i < EVENTS; i++) {
            T event = generate.get();
            byte[] canonical = GeneratedEvents.json(event);
            assertThat(reader.read(canonical))
                    .as("as the mapper writes it: %s", text(canonical))
                    .isEqualTo(event)
                    .isEqualTo(read(databind, canonical));
            byte[] variant = events.variant(event);
            T byHand = reader.read(variant);
            if (byHand != null) {
                readByHand++;
                assertThat(byHand).as(text(variant)).isEqualTo(read(databind, variant));
            }
        }
        assertThat(readByHand).as("variants read by hand").isGreaterThan(EVENTS / 2);
    }

    @Test
    void malformedAndUnexpectedAttemptsDecodeAsBefore() {
        GeneratedEvents events = new GeneratedEvents(21);
        decodesAsBefore(SignOnAttempt.class, ContractSchema.SIGNON_ATTEMPT, events::attempt, events);
    }

    @Test
    void malformedAndUnexpectedTelemetryDecodesAsBefore() {
        GeneratedEvents events = new GeneratedEvents(22);
        decodesAsBefore(Telemetry.class, ContractSchema.TELEMETRY, events::telemetry, events);
    }

    private static <T extends TerminalEvent> void decodesAsBefore(
            Class<T> type, ContractSchema schema, Supplier<T> generate, GeneratedEvents events) {
        Decoder<T> fast = new Decoder<>(type, schema, true, true);
        Decoder<T> databind = new Decoder<>(type, schema, true, false);
        SplittableRandom random = new SplittableRandom(5);
        List<String> inputs = new ArrayList<>(List.of(
                "",
                " ",
                "null",
                "[]",
                "{}",
                "{",
                "\"x\"",
                "42",
                "{\"eventId\":null}",
                "{\"type\":{\"nested\":[1,2,{}]},\"terminalId\":\"T1\"}",
                "{\"terminalId\":\"T1\"} trailing",
                "{\"terminalId\":\"T1\"}{\"terminalId\":\"T2\"}",
                "{\"terminalId\":\"T1\",\"terminalId\":\"T2\"}",
                "{\"terminalId\":\"T1\",\"unknown\":1}",
                "{\"terminalId\":1}",
                "{\"terminalId\":\"T1\",\"network\":{\"type\":\"4G\",\"bars\":3}}",
                "{\"terminalId\":\"T1\",\"network\":{\"type\":\"6G\"}}",
                "{\"terminalId\":\"T1\",\"network\":{\"type\":\"_4G\"}}",
                "{\"terminalId\":\"T1\",\"network\":null}",
                "{\"terminalId\":\"T1\",\"network\":{}}",
                "{\"terminalId\":\"T1\",\"eventId\":\"3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5g\"}",
                "{\"terminalId\":\"T1\",\"eventId\":\"3f2b8c1e9d7a-4e21-b6a4-0c1d2e3f4a5b1\"}",
                "{\"terminalId\":\"T1\",\"eventId\":\"1-1-1-1-1\"}",
                "{\"terminalId\":\"T1\",\"eventId\":\"P2uMHp16TiG2pAwdLj9KWw==\"}",
                "{\"terminalId\":\"T1\",\"occurredAt\":\"2026-02-30T00:00:00Z\"}",
                "{\"terminalId\":\"T1\",\"occurredAt\":\"2026-11-26T08:00:00+08:00\"}",
                "{\"terminalId\":\"T1\",\"occurredAt\":\"2026-11-26t08:00:00z\"}",
                "{\"terminalId\":\"T1\",\"occurredAt\":1780000000}",
                "{\"terminalId\":\"T1\",\"occurredAt\":\"\"}",
                "{\"terminalId\":\"T1\",\"outcome\":\"failure\"}",
                "{\"terminalId\":\"T1\",\"outcome\":\"1\"}",
                "{\"terminalId\":\"T1\",\"outcome\":1}",
                "{\"terminalId\":\"T1\",\"latencyMs\":\"700\"}",
                "{\"terminalId\":\"T1\",\"latencyMs\":700.0}",
                "{\"terminalId\":\"T1\",\"latencyMs\":7e2}",
                "{\"terminalId\":\"T1\",\"latencyMs\":2147483648}",
                "{\"terminalId\":\"T1\",\"batteryPct\":true}",
                "{\"terminalId\":\"T1\",\"charging\":\"true\"}",
                "{\"terminalId\":\"T1\",\"charging\":1}",
                "{\"terminalId\":\"T1\",\"uptimeS\":9223372036854775808}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":1}}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":-0,\"lon\":2,\"accuracyM\":5}}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":1e400,\"lon\":2}}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":1,\"lon\":\"2\"}}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":1,\"lon\":2,\"alt\":3}}",
                "{\"terminalId\":\"T1\",\"location\":[1,2]}",
                "{\"terminalId\":\"T1\",\"location\":{\"lat\":NaN,\"lon\":2}}",
                "{\"terminalId\":\"T1\",\"display\":\"OK\",\"display\":\"BLANK\"}",
                "{'terminalId':'T1'}",
                "{\"terminalId\":\"T1\",}",
                "{\"terminalId\":\"T1\\x\"}",
                "{\"terminalId\":\"T1\" \"hostId\":\"H1\"}"));
        for (int i = 0; i < 2000; i++) {
            T event = generate.get();
            String json = new String(
                    random.nextBoolean() ? GeneratedEvents.json(event) : events.variant(event), StandardCharsets.UTF_8);
            inputs.add(json);
            inputs.add(mutate(json, random, events));
        }
        byte[] mark = schema.mark();
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            for (String key : new String[] {"T1", keyOf(databind, bytes, mark)}) {
                Decoded<T> expected = databind.decode(key, bytes, mark);
                Decoded<T> actual = fast.decode(key, bytes, mark);
                assertThat(actual.value()).as(input).isEqualTo(expected.value());
                assertThat(actual.reason()).as(input).isEqualTo(expected.reason());
                assertThat(actual.raw()).as(input).isSameAs(expected.raw() == null ? null : bytes);
            }
        }
    }

    /** The event's own terminalId when databind reads one, so that valid events get past the key check too. */
    private static <T extends TerminalEvent> String keyOf(Decoder<T> databind, byte[] bytes, byte[] mark) {
        Decoded<T> decoded = databind.decode(null, bytes, mark);
        if (decoded.reason() != null && decoded.reason().startsWith("key null is not the event's terminalId ")) {
            return decoded.reason().substring("key null is not the event's terminalId ".length());
        }
        return null;
    }

    /** One random damage: cut, a byte changed, a field repeated, unknown, nulled or given another type. */
    private static String mutate(String json, SplittableRandom random, GeneratedEvents events) {
        int at = random.nextInt(json.length());
        return switch (random.nextInt(7)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + ",:{}[]\"0-e.tn\\x".charAt(random.nextInt(15)) + json.substring(at + 1);
            case 2 ->
                json.replaceFirst(
                        "\"terminalId\"",
                        Matcher.quoteReplacement(
                                "\"terminalId\":\"" + events.text().replace("\"", "") + "\",\"terminalId\""));
            case 3 -> json.replaceFirst("\\{", "{\"extra\":1,");
            case 4 -> json.replaceFirst("(\"[a-zA-Z]+\"\\s*:\\s*)(\"[^\"]*\"|-?[0-9.eE+-]+|true|false)", "$1null");
            case 5 -> json.replaceFirst("(\"[a-zA-Z]+\"\\s*:\\s*)(-?[0-9]+)", "$1\"$2\"");
            default -> json.replaceFirst("(\"[a-zA-Z]+\"\\s*:\\s*)\"([A-Z_0-9]+)\"", "$1$2");
        };
    }

    private static <T> T read(ObjectReader databind, byte[] bytes) {
        try {
            return databind.readValue(bytes);
        } catch (Exception e) {
            throw new AssertionError("databind cannot read " + text(bytes), e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
