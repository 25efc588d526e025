package dev.posmon.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.json.Rfc3339;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link QuickCheck} may only pass what the compiled schema passes: checked on generated events (which it should
 * pass, or it saves nothing) and on many mutations of each (which it may pass only where the schema does).
 */
class QuickCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The schema files QuickCheck was written for. A change to any of them fails here: write the change into
     * QuickCheck too, then put the new digest in.
     */
    @Test
    void is_written_for_these_schema_files() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String file : List.of("signon-attempt.schema.json", "telemetry.schema.json", "common.schema.json")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/" + file)) {
                digest.update(in.readAllBytes());
            }
        }
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .as("the event schemas changed: bring QuickCheck up to date, then this digest")
                .isEqualTo("19d55281657f622c10f9ca415e0d28cc915de7741550ecd93b307eb17249c395");
    }

    @Test
    void passes_generated_events_that_the_schema_passes() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            ObjectNode signOn = signOn(random);
            assertThat(ContractSchema.SIGNON_ATTEMPT.bySchema(signOn))
                    .as("%s", signOn)
                    .isEmpty();
            assertThat(QuickCheck.signOn(signOn)).as("%s", signOn).isTrue();
            ObjectNode telemetry = telemetry(random);
            assertThat(ContractSchema.TELEMETRY.bySchema(telemetry))
                    .as("%s", telemetry)
                    .isEmpty();
            assertThat(QuickCheck.telemetry(telemetry)).as("%s", telemetry).isTrue();
        }
    }

    @Test
    void passes_no_mutation_the_schema_refuses() {
        Random random = new Random(11);
        int refusedBySchema = 0;
        int passedQuickly = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean signOn = random.nextBoolean();
            ObjectNode event = signOn ? signOn(random) : telemetry(random);
            mutate(event, random);
            if (random.nextInt(4) == 0) {
                mutate(event, random);
            }
            event = reparsed(event);
            boolean quick = signOn ? QuickCheck.signOn(event) : QuickCheck.telemetry(event);
            List<Violation> violations =
                    (signOn ? ContractSchema.SIGNON_ATTEMPT : ContractSchema.TELEMETRY).bySchema(event);
            if (quick) {
                passedQuickly++;
                assertThat(violations)
                        .as("QuickCheck passed what the schema refuses: %s", event)
                        .isEmpty();
            }
            if (!violations.isEmpty()) {
                refusedBySchema++;
            }
        }
        // the mutations must reach both sides, or the test proves nothing
        assertThat(refusedBySchema).isGreaterThan(10_000);
        assertThat(passedQuickly).isGreaterThan(1_000);
    }

    /**
     * The token scan passes exactly what the tree check and the sign-on rules pass, reads exactly the event's object
     * (the element after it is the parser's next token), and gives the fields as posted: on generated events and on
     * their mutations, values of every JSON type included.
     */
    @Test
    void scan_of_tokens_passes_exactly_what_the_tree_check_passes() throws IOException {
        Random random = new Random(13);
        int plain = 0;
        int notSure = 0;
        for (int i = 0; i < 20_000; i++) {
            ObjectNode event = random.nextBoolean() ? signOn(random) : telemetry(random);
            if (i % 4 != 0) {
                mutate(event, random);
            }
            byte[] body =
                    JSON.writeValueAsBytes(JSON.createArrayNode().add(event).add(7));
            event = (ObjectNode) JSON.readTree(body).get(0);
            boolean expected =
                    QuickCheck.signOn(event) && ContractRules.checkSignOn(event).isEmpty()
                            || QuickCheck.telemetry(event);
            PlainEvent scanned;
            try (JsonParser parser = JSON.createParser(body)) {
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                scanned = ContractSchema.scanPlain(parser);
                assertThat(parser.currentToken()).as("%s", event).isEqualTo(JsonToken.END_OBJECT);
                assertThat(parser.nextToken()).as("%s", event).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            }
            assertThat(scanned != null).as("scan of %s", event).isEqualTo(expected);
            if (scanned == null) {
                notSure++;
                continue;
            }
            plain++;
            assertThat(scanned.type()).isEqualTo(event.get("type").textValue());
            assertThat(scanned.eventId()).isEqualTo(event.get("eventId").textValue());
            assertThat(scanned.terminalId()).isEqualTo(event.get("terminalId").textValue());
            assertThat(scanned.occurredAt()).isEqualTo(event.get("occurredAt").textValue());
            assertThat(scanned.at()).isEqualTo(Rfc3339.parse(scanned.occurredAt()));
            ContractSchema schema =
                    scanned.type().equals("signon") ? ContractSchema.SIGNON_ATTEMPT : ContractSchema.TELEMETRY;
            assertThat(schema.bySchema(event)).as("%s", event).isEmpty();
        }
        assertThat(plain).isGreaterThan(4_000);
        assertThat(notSure).isGreaterThan(4_000);
    }

    @Test
    void scan_refuses_what_only_the_rules_refuse() throws IOException {
        ObjectNode event = signOn(new Random(5));
        event.put("outcome", "SUCCESS").put("stage", "AUTH").remove(List.of("transportError", "localError"));
        assertThat(QuickCheck.signOn(event)).isTrue();
        try (JsonParser parser = JSON.createParser(JSON.writeValueAsBytes(event))) {
            parser.nextToken();
            assertThat(ContractSchema.scanPlain(parser)).isNull();
        }
    }

    @Test
    void validate_still_words_what_is_wrong() {
        ObjectNode event = signOn(new Random(3));
        event.put("latencyMs", -1);
        assertThat(ContractSchema.SIGNON_ATTEMPT.validate(event))
                .extracting(Violation::field)
                .containsExactly("latencyMs");
    }

    /** As ingest reads a posted event: the generated tree written and parsed again, so numbers get their parsed types. */
    private static ObjectNode reparsed(ObjectNode event) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode signOn(Random random) {
        ObjectNode event = common("signon", random);
        event.put("hostId", pick(random, "host-sh-01", "ACQ:host.2", "h"));
        boolean success = random.nextBoolean();
        event.put("outcome", success ? "SUCCESS" : "FAILURE");
        event.put(
                "stage",
                success
                        ? "COMPLETE"
                        : pick(random, "CONNECT", "TLS", "AUTH", "KEY_EXCHANGE", "PARAM_DOWNLOAD", "COMPLETE"));
        if (random.nextBoolean()) {
            event.put("responseCode", pick(random, "00", "91", "A0", "Z9"));
        }
        if (random.nextBoolean()) {
            event.put("transportError", pick(random, "DNS", "CONNECT_TIMEOUT", "NO_NETWORK"));
        }
        if (random.nextBoolean()) {
            event.put("localError", pick(random, "POWER", "OTHER", "MERCHANT_NAME_MISMATCH"));
        }
        if (random.nextBoolean()) {
            event.put("latencyMs", random.nextInt(600_001));
        }
        if (random.nextBoolean()) {
            event.put("attempt", 1 + random.nextInt(1_000));
        }
        event.set("network", network(random));
        event.put("appVersion", pick(random, "3.3.7", "v2~rc!", "x"));
        event.put("firmwareVersion", pick(random, "FW-1.2", "~", "a".repeat(32)));
        if (random.nextBoolean()) {
            event.put("operatorId", pick(random, "op-1", "9"));
        }
        return event;
    }

    private static ObjectNode telemetry(Random random) {
        ObjectNode event = common("telemetry", random);
        if (random.nextBoolean()) {
            event.put("batteryPct", random.nextInt(101));
        }
        if (random.nextBoolean()) {
            event.put("charging", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            event.set("network", network(random));
        }
        if (random.nextBoolean()) {
            event.put("echoRttMs", random.nextInt(600_001));
        }
        if (random.nextBoolean()) {
            event.put("printer", pick(random, "OK", "PAPER_OUT", "FAULT"));
        }
        if (random.nextBoolean()) {
            event.put("cardReaderErrors", random.nextInt(1_000_001));
        }
        if (random.nextBoolean()) {
            event.put("keypadFault", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            event.put("tampered", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            event.put("freeMemMb", random.nextInt(1_048_577));
        }
        if (random.nextBoolean()) {
            event.put("uptimeS", (long) (random.nextDouble() * 3_153_600_000L));
        }
        if (random.nextBoolean()) {
            event.put("rebootCount", random.nextInt(1_000_001));
        }
        if (random.nextBoolean()) {
            event.put("appVersion", "3.3.7");
        }
        if (random.nextBoolean()) {
            event.put("firmwareVersion", "FW-1.2");
        }
        if (random.nextBoolean()) {
            event.put("display", pick(random, "OK", "BLANK", "GARBLED", "WRONG_MERCHANT_NAME"));
        }
        if (random.nextBoolean()) {
            ObjectNode location = event.putObject("location");
            location.put("lat", random.nextDouble() * 180 - 90);
            location.put("lon", random.nextInt(361) - 180);
            if (random.nextBoolean()) {
                location.put("accuracyM", random.nextDouble() * 100);
            }
        }
        return event;
    }

    private static ObjectNode common(String type, Random random) {
        ObjectNode event = NODES.objectNode();
        event.put("type", type);
        String uuid = UUID.randomUUID().toString();
        event.put("eventId", random.nextBoolean() ? uuid : uuid.toUpperCase());
        event.put("terminalId", pick(random, "T00012345", "sz:term_1.a-b", "0"));
        event.put(
                "occurredAt",
                pick(
                        random,
                        "2026-11-26T15:59:30+08:00",
                        "2026-11-26T07:59:30Z",
                        "2026-11-26T07:59:30.123Z",
                        "2024-02-29T23:59:59.123456789-05:30",
                        "2026-12-31T23:59:59+00:00"));
        return event;
    }

    private static ObjectNode network(Random random) {
        ObjectNode network = NODES.objectNode();
        network.put("type", pick(random, "ETHERNET", "WIFI", "2G", "3G", "4G", "5G"));
        if (random.nextBoolean()) {
            network.put("carrier", pick(random, "CMCC", "China Unicom 5G", "c.t_c-c"));
        }
        if (random.nextBoolean()) {
            network.put("signalDbm", -random.nextInt(151));
        }
        return network;
    }

    /** Values that sit on or just past an edge of some field's rule, of every JSON type. */
    private static final List<JsonNode> TRICKY = tricky();

    private static List<JsonNode> tricky() {
        List<JsonNode> values = new ArrayList<>();
        for (String text : List.of(
                "",
                " ",
                "signon",
                "telemetry",
                "SUCCESS",
                "success",
                "COMPLETE",
                "DNS",
                "POWER",
                "OK",
                "4G",
                "CMCC",
                "00",
                "0a",
                "000",
                "abc\n",
                "a b",
                "a\u00e9",
                "\u4e2d\u6587",
                "-abc",
                ".abc",
                "a".repeat(64),
                "a".repeat(65),
                "a".repeat(32),
                "a".repeat(33),
                "3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5b",
                "3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5g",
                "3f2b8c1e9d7a-4e21-b6a4-0c1d2e3f4a5b-",
                "2026-11-26T07:59:30Z",
                "2026-02-30T07:59:30Z",
                "2026-11-26T24:00:00Z",
                "2026-11-26T07:59:60Z",
                "2026-11-26 07:59:30Z",
                "2026-11-26t07:59:30z",
                "2026-11-26T07:59:30+18:00",
                "2026-11-26T07:59:30+17:59",
                "0000-01-01T00:00:00Z",
                "2026-11-26T07:59:30.1234567891Z",
                "2026-11-26T07:59:30.Z",
                "2026-11-26T07:59:30")) {
            values.add(NODES.textNode(text));
        }
        for (long number : new long[] {
            -151,
            -150,
            -1,
            0,
            1,
            100,
            101,
            1_000,
            1_001,
            600_000,
            600_001,
            1_000_000,
            1_000_001,
            1_048_576,
            1_048_577,
            3_153_600_000L,
            3_153_600_001L,
            Long.MAX_VALUE
        }) {
            values.add(NODES.numberNode(number));
        }
        for (double number : new double[] {1.0, 0.5, -90.0, -90.0001, 90.0, 90.5, 180.0, 180.0001, 100_000.0, 1e300}) {
            values.add(NODES.numberNode(number));
        }
        values.add(NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
        values.add(NODES.booleanNode(true));
        values.add(NODES.booleanNode(false));
        values.add(NODES.nullNode());
        values.add(NODES.arrayNode().add("OK"));
        values.add(NODES.objectNode());
        values.add(NODES.objectNode().put("type", "4G"));
        values.add(NODES.objectNode().put("type", "4G").put("extra", 1));
        values.add(NODES.objectNode().put("lat", 1).put("lon", 2));
        values.add(NODES.objectNode().put("lat", 1));
        return values;
    }

    private static final List<String> FIELDS = List.of(
            "type",
            "eventId",
            "terminalId",
            "occurredAt",
            "hostId",
            "outcome",
            "stage",
            "responseCode",
            "transportError",
            "localError",
            "latencyMs",
            "attempt",
            "network",
            "appVersion",
            "firmwareVersion",
            "operatorId",
            "batteryPct",
            "charging",
            "echoRttMs",
            "printer",
            "cardReaderErrors",
            "keypadFault",
            "tampered",
            "freeMemMb",
            "uptimeS",
            "rebootCount",
            "display",
            "location",
            "unknownField");

    /** One change: a field removed, or set to a tricky value, or a nested field of network or location changed. */
    private static void mutate(ObjectNode event, Random random) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        int what = random.nextInt(10);
        if (what == 0) {
            event.remove(field);
        } else if (what <= 2 && event.get("network") instanceof ObjectNode network) {
            String nested = pick(random, "type", "carrier", "signalDbm", "other");
            if (random.nextInt(5) == 0) {
                network.remove(nested);
            } else {
                network.set(nested, TRICKY.get(random.nextInt(TRICKY.size())));
            }
        } else if (what == 3 && event.get("location") instanceof ObjectNode location) {
            String nested = pick(random, "lat", "lon", "accuracyM", "alt");
            if (random.nextInt(5) == 0) {
                location.remove(nested);
            } else {
                location.set(nested, TRICKY.get(random.nextInt(TRICKY.size())));
            }
        } else {
            event.set(field, TRICKY.get(random.nextInt(TRICKY.size())));
        }
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
