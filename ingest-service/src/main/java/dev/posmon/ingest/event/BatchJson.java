package dev.posmon.ingest.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.PlainEvent;
import dev.posmon.ingest.event.EventCheck.Accepted;
import dev.posmon.ingest.event.EventCheck.Verdict;
import dev.posmon.security.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** How a posted batch is parsed: strict JSON with tight limits, so hostile input costs little and fails clearly. */
final class BatchJson {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();

    /** Strict: a field named twice in one object is refused (the body is not valid JSON). */
    static final ObjectReader READER = reader(true);

    /**
     * What the body is walked with: the same limits, but duplicates are the scan's to find ({@link ContractSchema#scanPlain}
     * refuses a field named twice as the strict parser does), and whatever the scan does not read is read again with
     * {@link #READER}. The parser's own check, a hash set per object, was 5 % of ingest's CPU.
     */
    private static final ObjectReader SCANNER = reader(false);

    private static ObjectReader reader(boolean strict) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(16)
                                .maxNumberLength(40)
                                .maxStringLength(64 * 1024)
                                .build())
                        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                        .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strict)
                        .build())
                .build()
                .reader();
    }

    private BatchJson() {}

    /**
     * A posted batch: each event as the parser's scan found it plainly valid ({@link PlainEvent}), or else as a tree for
     * the full check, and where each one's JSON lies in the body, so that an event accepted as it was posted goes to
     * Kafka as those very bytes instead of being written out again (writing each tree was 8.5 % of ingest's CPU in
     * {@code ./posmon bench ingest}). Building a tree of every event and walking it was a quarter.
     */
    record Batch(byte[] body, PlainEvent[] plain, JsonNode[] trees, int[] from, int[] to, int size) {

        /** What {@code check} says of event {@code i}: from its scan when it was plainly valid, else from its tree. */
        Verdict check(int i, EventCheck check, Optional<String> acquirer) {
            return plain[i] != null ? check.check(plain[i], acquirer) : check.check(trees[i], acquirer);
        }

        /**
         * The bytes of a validated event as it goes to Kafka: exactly the JSON the contract schema accepted — the
         * posted bytes where ingest changed nothing, else the tree written out (occurredAt normalised to UTC).
         */
        byte[] bytes(int i, Accepted ok) {
            if (ok.asPosted()) {
                return Arrays.copyOfRange(body, from[i], to[i]);
            }
            try {
                return WRITER.writeValueAsBytes(ok.json());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed tree always serializes", e);
            }
        }
    }

    /** Parses a posted body, which must be a JSON array (of events, or of anything for the checks to refuse). */
    static Batch parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiProblem(
                    Response.Status.BAD_REQUEST, "the body must be a JSON array of events, and it is empty");
        }
        requireUtf8(body);
        try (JsonParser parser = SCANNER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                JsonNode value = first == null ? null : READER.readTree(parser);
                throw new ApiProblem(
                        Response.Status.BAD_REQUEST,
                        "the body must be a JSON array of events, not "
                                + (value == null ? "empty" : value.getNodeType()));
            }
            PlainEvent[] plain = new PlainEvent[64];
            JsonNode[] trees = new JsonNode[64];
            int[] from = new int[64];
            int[] to = new int[64];
            int n = 0;
            for (JsonToken token; (token = parser.nextToken()) != JsonToken.END_ARRAY; n++) {
                if (token == null) {
                    throw new ApiProblem(
                            Response.Status.BAD_REQUEST, "the body is not valid JSON: the array is not closed");
                }
                if (n == from.length) {
                    plain = Arrays.copyOf(plain, 2 * n);
                    trees = Arrays.copyOf(trees, 2 * n);
                    from = Arrays.copyOf(from, 2 * n);
                    to = Arrays.copyOf(to, 2 * n);
                }
                from[n] = (int) parser.currentTokenLocation().getByteOffset();
                if (token != JsonToken.START_OBJECT) {
                    parser.finishToken(); // a string is read lazily: its end is where the element ends
                    parser.skipChildren();
                    to[n] = (int) parser.currentLocation().getByteOffset();
                    trees[n] = READER.readTree(body, from[n], to[n] - from[n]); // not an event: the check words why
                    continue;
                }
                PlainEvent scanned = ContractSchema.scanPlain(parser);
                to[n] = (int) parser.currentLocation().getByteOffset();
                if (scanned != null && EventCheck.writtenAsInstant(scanned.occurredAt(), scanned.at())) {
                    plain[n] = scanned;
                } else {
                    // not plainly valid, or its occurredAt is to be normalised: the tree of its bytes (read strictly),
                    // checked in full
                    trees[n] = READER.readTree(body, from[n], to[n] - from[n]);
                }
            }
            return new Batch(body, plain, trees, from, to, n);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "the body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "the body is not valid UTF-8 JSON: " + e.getMessage());
        }
    }

    /**
     * Refuses bytes that are not strict UTF-8. Jackson decodes some malformed sequences (overlong forms
     * such as C0 AF for '/') instead of failing, which would let a disguised character into an event.
     */
    static void requireUtf8(byte[] body) {
        int ascii = asciiPrefix(body);
        if (ascii == body.length) {
            return; // bytes below 0x80 are UTF-8 as they are: most bodies, checked eight bytes at a time
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body).position(ascii);
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** How many bytes from the start are ASCII (below 0x80); the whole length when all are. */
    static int asciiPrefix(byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                break;
            }
        }
        while (i < bytes.length && bytes[i] >= 0) {
            i++;
        }
        return i;
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
