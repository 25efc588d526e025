package dev.posmon.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.ingest.event.EventCheck.Accepted;
import dev.posmon.security.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchJsonTest {

    private static final String FIRST = "{\"a\" : \"é中\",\n \"b\":[1,{\"c\":2}]}";
    private static final String SECOND = "{\"occurredAt\":\"2026-11-26T15:59:30+08:00\",\"x\":1}";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsEachEventsBytesInTheBody() {
        BatchJson.Batch batch = BatchJson.parse(utf8(" [ " + FIRST + " ,\n" + SECOND + ", \"s\", 5 ] "));

        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.trees()[0].get("a").asText()).isEqualTo("é中");
        assertThat(batch.trees()[2].asText()).isEqualTo("s");
        Accepted first =
                new Accepted((ObjectNode) batch.trees()[0].deepCopy(), "signon", "e1", "T1", Instant.EPOCH, true);
        assertThat(new String(batch.bytes(0, first), StandardCharsets.UTF_8)).isEqualTo(FIRST);
    }

    @Test
    void writesAnEventIngestChangedFromItsTree() {
        BatchJson.Batch batch = BatchJson.parse(utf8("[" + SECOND + "]"));
        Accepted normalised = new Accepted(
                ((ObjectNode) batch.trees()[0].deepCopy()).put("occurredAt", "2026-11-26T07:59:30Z"),
                "signon",
                "e1",
                "T1",
                Instant.parse("2026-11-26T07:59:30Z"),
                false);

        assertThat(new String(batch.bytes(0, normalised), StandardCharsets.UTF_8))
                .isEqualTo("{\"occurredAt\":\"2026-11-26T07:59:30Z\",\"x\":1}");
    }

    @Test
    void refusesWhatIsNotOneClosedArray() {
        assertThatThrownBy(() -> BatchJson.parse(utf8("[" + FIRST)))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> BatchJson.parse(utf8(FIRST)))
                .isInstanceOf(ApiProblem.class)
                .hasMessage("the body must be a JSON array of events, not OBJECT");
        assertThatThrownBy(() -> BatchJson.parse(utf8("[{\"a\":1,\"a\":2}]")))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> BatchJson.parse(new byte[0]))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("it is empty");
    }

    /**
     * The body is walked without the parser's own duplicate check: a field named twice is refused all the same, wherever
     * it lies — among a plain event's fields, in its network, in a part the scan skips, in an element that is no event.
     */
    @Test
    void aFieldNamedTwiceIsRefusedWhereverItLies() throws Exception {
        String plain = "{\"type\":\"telemetry\",\"eventId\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\","
                + "\"terminalId\":\"T1\",\"occurredAt\":\"2026-11-26T07:59:00Z\"";
        assertThat(BatchJson.parse(utf8("[" + plain + ",\"batteryPct\":1}]")).plain()[0])
                .as("the event without a duplicate is plain")
                .isNotNull();
        for (String twice : List.of(
                plain + ",\"batteryPct\":1,\"batteryPct\":2}",
                plain + ",\"terminalId\":\"T2\"}",
                plain + ",\"network\":{\"type\":\"4G\",\"type\":\"5G\"}}",
                plain + ",\"location\":{\"lat\":1,\"lon\":2,\"lat\":3}}",
                plain + ",\"colour\":{\"x\":1,\"x\":2}}",
                plain + ",\"batteryPct\":\"full\",\"printer\":{\"x\":1,\"x\":2}}",
                "[{\"x\":1,\"x\":2}]")) {
            assertThatThrownBy(() -> BatchJson.parse(utf8("[" + plain + "}," + twice + "]")))
                    .as(twice)
                    .isInstanceOf(ApiProblem.class)
                    .hasMessageContaining("Duplicate field '");
        }
    }

    @Test
    void strictUtf8IsRequiredWhereverTheFirstNonAsciiByteLies() {
        for (int pad = 0; pad < 20; pad++) {
            String ascii = "[" + " ".repeat(pad) + "{\"a\":\"";
            // valid: two- and three-byte characters after an ASCII prefix of any length
            BatchJson.parse(utf8(ascii + "é中\"}]"));
            // an overlong '/' (C0 AF) and a lone continuation byte are refused, naming the byte where they start
            for (byte[] bad :
                    new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
                byte[] prefix = utf8(ascii);
                byte[] body = new byte[prefix.length + bad.length + 3];
                System.arraycopy(prefix, 0, body, 0, prefix.length);
                System.arraycopy(bad, 0, body, prefix.length, bad.length);
                System.arraycopy(utf8("\"}]"), 0, body, prefix.length + bad.length, 3);
                assertThatThrownBy(() -> BatchJson.parse(body))
                        .isInstanceOf(ApiProblem.class)
                        .hasMessageContaining("not valid UTF-8 at byte " + prefix.length);
            }
        }
    }

    @Test
    void theAsciiPrefixEndsAtTheFirstByteAbove0x7f() {
        for (int length = 0; length < 40; length++) {
            byte[] bytes = utf8("x".repeat(length));
            assertThat(BatchJson.asciiPrefix(bytes)).isEqualTo(length);
            for (int at = 0; at < length; at++) {
                byte[] marked = bytes.clone();
                marked[at] = (byte) 0xE4;
                assertThat(BatchJson.asciiPrefix(marked)).isEqualTo(at);
            }
        }
    }
}
