package dev.posmon.contract.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the form of instant the contract's topics carry, {@code 2026-11-26T08:00:00.123Z} (UTC, 0 to 9 fraction
 * digits: what ingest writes), without {@code DateTimeFormatter}, and hands every other form and every other token
 * to jsr310's {@link InstantDeserializer#INSTANT}, which decides exactly as before. The JDK's ISO instant parser
 * builds a new formatter on every call: with several instants per event it was a third of analytics' decoding.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final InstantDeserializer<Instant> STANDARD = InstantDeserializer.INSTANT;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = parseUtc(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return STANDARD.deserialize(parser, context);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} as an instant; null for any other text, or a date that does not exist. */
    static Instant parseUtc(String text) {
        return text.endsWith("Z") ? Rfc3339.fast(text) : null;
    }
}
