package dev.posmon.ingest.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.posmon.ingest.auth.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** How a posted batch is parsed: strict JSON with tight limits, so hostile input costs little and fails clearly. */
final class BatchJson {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();

    static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxNumberLength(40)
                            .maxStringLength(64 * 1024)
                            .build())
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build()
            .reader();

    private BatchJson() {}

    /** The bytes of a validated event as it goes to Kafka: exactly the JSON the contract schema accepted. */
    static byte[] bytes(JsonNode event) {
        try {
            return WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serializes", e);
        }
    }

    /**
     * Refuses bytes that are not strict UTF-8. Jackson decodes some malformed sequences (overlong forms
     * such as C0 AF for '/') instead of failing, which would let a disguised character into an event.
     */
    static void requireUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new ApiProblem(
                        Response.Status.BAD_REQUEST, "the body is not valid UTF-8 at byte " + in.position());
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** Jackson's message without its source excerpt, short enough to return to a caller. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
