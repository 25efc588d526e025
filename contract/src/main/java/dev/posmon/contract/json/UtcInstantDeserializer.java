package dev.posmon.contract.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int scale = length - 1 - 20; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;  // 24:00, a leap second, 30 February: the standard parser accepts or refuses them as it always did
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
