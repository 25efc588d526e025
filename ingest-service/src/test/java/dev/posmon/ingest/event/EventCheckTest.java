package dev.posmon.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.ingest.event.EventCheck.Accepted;
import dev.posmon.ingest.event.EventCheck.RejectReason;
import dev.posmon.ingest.event.EventCheck.Rejected;
import dev.posmon.ingest.event.EventCheck.Verdict;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final TerminalRecord T1 = new TerminalRecord(
            "T1", "M1", "440305", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Shanghai", MerchantStatus.ACTIVE);
    private static final TerminalRecord T2 = new TerminalRecord(
            "T2", "M2", "110101", "P2000", "Acme", "H1", "ACQ-B", "CUP", "Asia/Shanghai", MerchantStatus.ACTIVE);

    private final EventCheck check = new EventCheck(
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5),
            Duration.ofDays(2),
            id -> Optional.ofNullable(Map.of("T1", T1, "T2", T2).get(id)).map(TerminalRecord::acquirer));

    static ObjectNode signOn() {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("type", "signon");
        node.put("eventId", "3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5b");
        node.put("terminalId", "T1");
        node.put("occurredAt", "2026-11-26T15:59:30+08:00");
        node.put("hostId", "H1");
        node.put("outcome", "FAILURE");
        node.put("stage", "CONNECT");
        node.put("transportError", "CONNECT_TIMEOUT");
        node.put("latencyMs", 30000);
        node.put("attempt", 2);
        node.putObject("network").put("type", "4G").put("carrier", "CMCC").put("signalDbm", -101);
        node.put("appVersion", "3.2.1");
        node.put("firmwareVersion", "FW-7.4");
        return node;
    }

    static ObjectNode telemetry() {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("type", "telemetry");
        node.put("eventId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        node.put("terminalId", "T1");
        node.put("occurredAt", "2026-11-26T07:59:00Z");
        node.put("batteryPct", 14);
        node.put("charging", false);
        node.put("printer", "PAPER_OUT");
        node.put("cardReaderErrors", 3);
        node.put("uptimeS", 86400L * 40);
        node.putObject("location").put("lat", 22.54).put("lon", 114.05);
        return node;
    }

    /**
     * An event admitted from the parser's tokens ({@link BatchJson}'s scan) gets the very verdict, and goes to Kafka as
     * the very bytes, that its tree gets through the full check: for plain events and for each way one can be refused.
     */
    @ParameterizedTest
    @MethodSource("variants")
    void theScanOfTokensDecidesAsTheTreeDoes(String name, ObjectNode event, boolean plain) throws Exception {
        byte[] posted = ContractJson.mapper().writeValueAsBytes(event);
        byte[] body = ("[" + new String(posted, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
        for (Optional<String> acquirer : List.of(Optional.of("ACQ-A"), Optional.<String>empty())) {
            BatchJson.Batch batch = BatchJson.parse(body); // a fresh one: the check normalises a tree in place
            assertThat(batch.plain()[0] != null).as("read from its tokens").isEqualTo(plain);
            Verdict scanned = batch.check(0, check, acquirer);
            Verdict full = check.check(BatchJson.READER.readTree(posted), acquirer);
            assertThat(scanned.getClass()).isEqualTo(full.getClass());
            if (full instanceof Accepted ok) {
                Accepted fromScan = (Accepted) scanned;
                assertThat(List.of(fromScan.type(), fromScan.eventId(), fromScan.terminalId(), fromScan.occurredAt()))
                        .isEqualTo(List.of(ok.type(), ok.eventId(), ok.terminalId(), ok.occurredAt()));
                byte[] fullBytes =
                        ok.asPosted() ? posted : ContractJson.mapper().writeValueAsBytes(ok.json());
                assertThat(batch.bytes(0, fromScan)).isEqualTo(fullBytes);
            } else {
                assertThat(scanned).isEqualTo(full);
            }
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("sign-on", signOn().put("occurredAt", "2026-11-26T07:59:30Z"), true),
                Arguments.of("sign-on in +08:00, normalised", signOn(), false),
                Arguments.of("telemetry", telemetry(), true),
                Arguments.of("success", success(), true),
                Arguments.of(
                        "foreign acquirer",
                        signOn().put("occurredAt", "2026-11-26T07:59:30Z").put("terminalId", "T2"),
                        true),
                Arguments.of("not registered", telemetry().put("terminalId", "T9"), true),
                Arguments.of("in the future", telemetry().put("occurredAt", "2026-11-26T08:10:00.500Z"), true),
                Arguments.of("too old", telemetry().put("occurredAt", "2026-11-20T08:00:00Z"), true),
                Arguments.of("against the rules", success().put("transportError", "DNS"), false),
                Arguments.of("against the schema", telemetry().put("batteryPct", 101), false),
                Arguments.of("unknown field", telemetry().put("colour", "red"), false),
                Arguments.of("unknown type", telemetry().put("type", "heartbeat"), false));
    }

    private static ObjectNode success() {
        ObjectNode node = signOn().put("occurredAt", "2026-11-26T07:59:30.250Z");
        node.put("outcome", "SUCCESS").put("stage", "COMPLETE").put("responseCode", "00");
        node.remove("transportError");
        return node;
    }

    private Verdict check(JsonNode node) {
        return check.check(node, Optional.of("ACQ-A"));
    }

    @Test
    void acceptsAValidSignOnAndMapsEveryField() {
        Verdict verdict = check(signOn());
        assertThat(verdict).isInstanceOf(Accepted.class);
        assertThat(((Accepted) verdict).json().get("occurredAt").asText())
                .as("normalised to UTC")
                .isEqualTo("2026-11-26T07:59:30Z");
        assertThat(((Accepted) verdict).asPosted())
                .as("changed, so written out again")
                .isFalse();
        SignOnAttempt attempt = (SignOnAttempt) ((Accepted) verdict).event();
        assertThat(attempt.occurredAt()).isEqualTo(Instant.parse("2026-11-26T07:59:30Z"));
        assertThat(attempt.transportError()).isEqualTo(SignOnAttempt.TransportError.CONNECT_TIMEOUT);
        assertThat(attempt.network().signalDbm()).isEqualTo(-101);
        assertThat(attempt.network().type().wireName()).isEqualTo("4G");
        assertThat(attempt.attempt()).isEqualTo(2);
    }

    @Test
    void anEventAlreadyInUtcIsAcceptedAsPosted() {
        Verdict verdict = check(signOn().put("occurredAt", "2026-11-26T07:59:30Z"));
        assertThat(verdict).isInstanceOf(Accepted.class);
        assertThat(((Accepted) verdict).asPosted()).isTrue();
        assertThat(((Accepted) verdict).json().get("occurredAt").asText()).isEqualTo("2026-11-26T07:59:30Z");
        // Instant writes whole seconds without a fraction: a posted ".000" is normalised, not kept
        assertThat(((Accepted) check(signOn().put("occurredAt", "2026-11-26T07:59:30.000Z"))).asPosted())
                .isFalse();
    }

    @Test
    void acceptsAValidTelemetry() {
        Verdict verdict = check(telemetry());
        assertThat(verdict).isInstanceOf(Accepted.class);
        Telemetry telemetry = (Telemetry) ((Accepted) verdict).event();
        assertThat(telemetry.printer()).isEqualTo(Telemetry.Printer.PAPER_OUT);
        assertThat(telemetry.location().lat()).isEqualTo(22.54);
    }

    @Test
    void adminSpeaksForEveryAcquirer() {
        ObjectNode other = signOn().put("terminalId", "T2");
        assertThat(check.check(other, Optional.empty())).isInstanceOf(Accepted.class);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                rejection("a number instead of an object", null, RejectReason.NOT_AN_OBJECT, ""),
                rejection("missing type", n -> n.remove("type"), RejectReason.UNKNOWN_TYPE, "type"),
                rejection("unknown type", n -> n.put("type", "heartbeat"), RejectReason.UNKNOWN_TYPE, "type"),
                rejection("type of the wrong JSON type", n -> n.put("type", 7), RejectReason.UNKNOWN_TYPE, "type"),
                rejection("missing eventId", n -> n.remove("eventId"), RejectReason.SCHEMA, "eventId"),
                rejection("eventId not a UUID", n -> n.put("eventId", "abc"), RejectReason.SCHEMA, "eventId"),
                rejection("missing terminalId", n -> n.remove("terminalId"), RejectReason.SCHEMA, "terminalId"),
                rejection("terminalId with spaces", n -> n.put("terminalId", "T 1"), RejectReason.SCHEMA, "terminalId"),
                rejection("missing occurredAt", n -> n.remove("occurredAt"), RejectReason.SCHEMA, "occurredAt"),
                rejection(
                        "occurredAt without offset",
                        n -> n.put("occurredAt", "2026-11-26T07:59:30"),
                        RejectReason.SCHEMA,
                        "occurredAt"),
                rejection(
                        "occurredAt as epoch number",
                        n -> n.put("occurredAt", 1764143970),
                        RejectReason.SCHEMA,
                        "occurredAt"),
                rejection("missing hostId", n -> n.remove("hostId"), RejectReason.SCHEMA, "hostId"),
                rejection("unknown outcome", n -> n.put("outcome", "MAYBE"), RejectReason.SCHEMA, "outcome"),
                rejection("unknown stage", n -> n.put("stage", "HANDSHAKE"), RejectReason.SCHEMA, "stage"),
                rejection(
                        "responseCode of three characters",
                        n -> n.put("responseCode", "911"),
                        RejectReason.SCHEMA,
                        "responseCode"),
                rejection(
                        "unknown transportError",
                        n -> n.put("transportError", "SOLAR_FLARE"),
                        RejectReason.SCHEMA,
                        "transportError"),
                rejection(
                        "unknown localError", n -> n.put("localError", "GREMLINS"), RejectReason.SCHEMA, "localError"),
                rejection("latencyMs as a string", n -> n.put("latencyMs", "30000"), RejectReason.SCHEMA, "latencyMs"),
                rejection("negative latencyMs", n -> n.put("latencyMs", -1), RejectReason.SCHEMA, "latencyMs"),
                rejection("fractional attempt", n -> n.put("attempt", 1.5), RejectReason.SCHEMA, "attempt"),
                rejection("attempt zero", n -> n.put("attempt", 0), RejectReason.SCHEMA, "attempt"),
                rejection(
                        "huge latencyMs",
                        n -> n.put("latencyMs", new BigInteger("99999999999999999999999")),
                        RejectReason.SCHEMA,
                        "latencyMs"),
                rejection("missing network", n -> n.remove("network"), RejectReason.SCHEMA, "network"),
                rejection(
                        "unknown network type",
                        n -> ((ObjectNode) n.get("network")).put("type", "6G"),
                        RejectReason.SCHEMA,
                        "network.type"),
                rejection(
                        "signal above 0 dBm",
                        n -> ((ObjectNode) n.get("network")).put("signalDbm", 5),
                        RejectReason.SCHEMA,
                        "network.signalDbm"),
                rejection(
                        "unknown field inside network",
                        n -> ((ObjectNode) n.get("network")).put("apn", "cmnet"),
                        RejectReason.SCHEMA,
                        "network.apn"),
                rejection(
                        "unknown top-level field",
                        n -> n.put("merchantName", "x"),
                        RejectReason.SCHEMA,
                        "merchantName"),
                rejection("missing appVersion", n -> n.remove("appVersion"), RejectReason.SCHEMA, "appVersion"),
                rejection(
                        "firmwareVersion with a control character",
                        n -> n.put("firmwareVersion", "FW\u0001"),
                        RejectReason.SCHEMA,
                        "firmwareVersion"),
                rejection("operatorId as an object", n -> n.putObject("operatorId"), RejectReason.SCHEMA, "operatorId"),
                rejection(
                        "responseCode together with transportError",
                        n -> n.put("responseCode", "91"),
                        RejectReason.RULE,
                        "transportError"),
                rejection(
                        "SUCCESS short of COMPLETE",
                        n -> n.put("outcome", "SUCCESS").remove("transportError"),
                        RejectReason.RULE,
                        "stage"),
                rejection(
                        "SUCCESS with an error",
                        n -> n.put("outcome", "SUCCESS").put("stage", "COMPLETE"),
                        RejectReason.RULE,
                        "transportError"),
                rejection(
                        "occurredAt six minutes ahead",
                        n -> n.put("occurredAt", "2026-11-26T08:06:00Z"),
                        RejectReason.OCCURRED_IN_FUTURE,
                        "occurredAt"),
                rejection(
                        "occurredAt three days old",
                        n -> n.put("occurredAt", "2026-11-23T08:00:00Z"),
                        RejectReason.OCCURRED_TOO_LONG_AGO,
                        "occurredAt"),
                rejection(
                        "unregistered terminal",
                        n -> n.put("terminalId", "T404"),
                        RejectReason.NOT_REGISTERED,
                        "terminalId"),
                rejection(
                        "terminal of another acquirer",
                        n -> n.put("terminalId", "T2"),
                        RejectReason.FOREIGN_ACQUIRER,
                        "terminalId"));
    }

    private static Arguments rejection(String name, Consumer<ObjectNode> change, RejectReason reason, String field) {
        return Arguments.of(name, change, reason, field);
    }

    @ParameterizedTest(name = "rejects {0} as {2} on field ''{3}''")
    @MethodSource("rejections")
    void rejectsWithReasonAndField(String name, Consumer<ObjectNode> change, RejectReason reason, String field) {
        JsonNode node;
        if (change == null) {
            node = ContractJson.mapper().getNodeFactory().numberNode(42);
        } else {
            ObjectNode event = signOn();
            change.accept(event);
            node = event;
        }
        Verdict verdict = check(node);
        assertThat(verdict).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) verdict;
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.errors()).extracting(violation -> violation.field()).contains(field);
        assertThat(rejected.errors())
                .allSatisfy(violation -> assertThat(violation.reason()).isNotBlank());
    }

    @Test
    void telemetryOutOfRangeNamesTheNestedField() {
        ObjectNode event = telemetry();
        ((ObjectNode) event.get("location")).put("lat", 91.0);
        event.put("batteryPct", 101);
        Rejected rejected = (Rejected) check(event);
        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.errors())
                .extracting(violation -> violation.field())
                .containsExactly("batteryPct", "location.lat");
    }

    @Test
    void acceptsTheEdgesOfTheTimeWindow() {
        assertThat(check(signOn().put("occurredAt", "2026-11-26T08:05:00Z"))).isInstanceOf(Accepted.class);
        assertThat(check(signOn().put("occurredAt", "2026-11-24T08:00:00Z"))).isInstanceOf(Accepted.class);
    }

    @Test
    void refusesWhatAnalyticsWouldNoLongerRecogniseWhenItsDedupHorizonIsShorterThanTheMaxAge() {
        EventCheck shortMemory = new EventCheck(
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(5),
                Duration.ofDays(2),
                Duration.ofHours(6),
                id -> Optional.of(T1.acquirer()));
        assertThat(shortMemory.check(signOn().put("occurredAt", "2026-11-26T02:05:00Z"), Optional.empty()))
                .as("5 h 55 min old: a replay would still be recognised")
                .isInstanceOf(Accepted.class);
        Rejected rejected =
                (Rejected) shortMemory.check(signOn().put("occurredAt", "2026-11-26T01:00:00Z"), Optional.empty());
        assertThat(rejected.reason()).isEqualTo(RejectReason.OCCURRED_TOO_LONG_AGO);
        assertThat(rejected.errors()).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("occurredAt");
            assertThat(violation.reason())
                    .contains("PT5H55M")
                    .contains("counted twice")
                    .contains("dedup-horizon");
        });
        assertThat(check(signOn().put("occurredAt", "2026-11-24T08:00:00Z")))
                .as("the defaults recognise all of max-age")
                .isInstanceOf(Accepted.class);
    }

    @Test
    void keepsTheEventIdOfARejectedEventForTheAnswer() {
        Rejected rejected = (Rejected) check(signOn().put("stage", "NOPE"));
        assertThat(rejected.eventId()).isEqualTo("3f2b8c1e-9d7a-4e21-b6a4-0c1d2e3f4a5b");
        assertThat(rejected.type()).isEqualTo("signon");
    }

    /** The shape check answers exactly what formatting the instant and comparing did, for every kind of date-time. */
    @Test
    void tells_a_date_time_written_as_instant_writes_it_like_the_comparison_did() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        String[] fractions = {
            "",
            ".0",
            ".000",
            ".1",
            ".12",
            ".120",
            ".123",
            ".1230",
            ".123000",
            ".123456",
            ".000001",
            ".123456000",
            ".123456789",
            ".100000000",
            ".000000001"
        };
        String[] offsets = {"Z", "z", "+00:00", "-00:00", "+08:00", "-05:30"};
        for (int i = 0; i < 20_000; i++) {
            String year = String.format("%04d", random.nextInt(3) == 0 ? random.nextInt(10_000) : 2026);
            String text = year + "-" + String.format("%02d", 1 + random.nextInt(12)) + "-"
                    + String.format("%02d", 1 + random.nextInt(28)) + (random.nextInt(8) == 0 ? "t" : "T")
                    + String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60))
                    + fractions[random.nextInt(fractions.length)] + offsets[random.nextInt(offsets.length)];
            Instant at = dev.posmon.contract.json.Rfc3339.parse(text);
            assertThat(EventCheck.writtenAsInstant(text, at)).as(text).isEqualTo(text.equals(at.toString()));
        }
    }
}
