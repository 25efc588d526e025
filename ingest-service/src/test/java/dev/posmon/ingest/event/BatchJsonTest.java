package dev.posmon.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.ingest.event.EventCheck.Accepted;
import dev.posmon.security.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        assertThat(batch.get(0).get("a").asText()).isEqualTo("é中");
        assertThat(batch.get(2).asText()).isEqualTo("s");
        Accepted first = new Accepted((ObjectNode) batch.get(0).deepCopy(), "signon", "e1", "T1", Instant.EPOCH, true);
        assertThat(new String(batch.bytes(0, first), StandardCharsets.UTF_8)).isEqualTo(FIRST);
    }

    @Test
    void writesAnEventIngestChangedFromItsTree() {
        BatchJson.Batch batch = BatchJson.parse(utf8("[" + SECOND + "]"));
        Accepted normalised = new Accepted(
                ((ObjectNode) batch.get(0).deepCopy()).put("occurredAt", "2026-11-26T07:59:30Z"),
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
}
