package dev.posmon.analytics.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads an event's JSON into its contract record from the parser's tokens, without databind: the mapped path of a
 * marked event ({@link Decoder}) spent a part of its time in databind's generic machinery (the record's creator
 * buffer, a deserializer call per field, the coercion checks) and in looking up every field name.
 * <p>
 * It reads only the shapes it is sure to read exactly as {@link ContractJson#mapper()} would: each field once, of its
 * one JSON type (a string for a string, an enum's exact name, an integer in range for an integer, a UTC instant that
 * {@link Rfc3339#fast} reads, a UUID in its 36-character form), no field the record does not have. For anything else —
 * an unknown or repeated field, a null, a number as text, an offset instant, malformed JSON — it answers null and the
 * caller asks databind, which then decides (or words the error) exactly as before. A field it does not find is null,
 * as databind leaves an absent field of a record; {@code type} is skipped whatever it holds, as the records'
 * {@code @JsonIgnoreProperties("type")} does. What follows the object is not read (databind does not either).
 */
abstract class EventReader<T extends TerminalEvent> {

    /** Thrown, without a stack, for a shape this reader leaves to databind. */
    static final class Unread extends Exception {
        static final Unread INSTANCE = new Unread();

        private Unread() {
            super("left to databind", null, false, false);
        }
    }

    /** The contract mapper's own factory: the same parser features and limits as databind's reads. */
    private final JsonFactory factory = ContractJson.mapper().getFactory();

    /** The event in {@code bytes}, or null when they are not in a shape this reader reads (databind decides those). */
    final T read(byte[] bytes) {
        try (JsonParser parser = factory.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return object(parser);
        } catch (Unread | IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the event's fields, the parser on its START_OBJECT; returns with the parser on its END_OBJECT. */
    abstract T object(JsonParser parser) throws IOException, Unread;

    /**
     * The fields of a record, named by the constants of {@code E} in the order the contract's mapper writes them.
     * The next field is first matched against the bytes of the one expected after the last (Jackson's
     * {@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}): events come in that order, and
     * looking each name up in the parser's symbol table was a fifth of the reading.
     */
    static final class Fields<E extends Enum<E>> {
        private final E[] fields;
        private final SerializedString[] names;
        private final Map<String, E> byName = new HashMap<>();

        Fields(Class<E> type) {
            this.fields = type.getEnumConstants();
            this.names = new SerializedString[fields.length];
            for (E field : fields) {
                names[field.ordinal()] = new SerializedString(field.name());
                byName.put(field.name(), field);
            }
        }

        /**
         * The next field, the parser moved on to its value; null at the end of the object.
         *
         * @param previous the field before, null for the first
         */
        E next(JsonParser parser, E previous) throws IOException, Unread {
            int expected = previous == null ? 0 : previous.ordinal() + 1;
            JsonToken token;
            if (expected < names.length) {
                if (parser.nextFieldName(names[expected])) {
                    parser.nextToken();
                    return fields[expected];
                }
                token = parser.currentToken();
            } else {
                token = parser.nextToken();
            }
            if (token == JsonToken.END_OBJECT) {
                return null;
            }
            E field = token == JsonToken.FIELD_NAME ? byName.get(parser.currentName()) : null;
            if (field == null) {
                throw Unread.INSTANCE; // a field the record does not have (databind refuses it), or not JSON
            }
            parser.nextToken();
            return field;
        }
    }

    /**
     * {@code seen} with {@code field} added; a field seen twice is left to databind (which of the two it keeps is its
     * business).
     */
    static long once(long seen, Enum<?> field) throws Unread {
        long bit = 1L << field.ordinal();
        if ((seen & bit) != 0) {
            throw Unread.INSTANCE;
        }
        return seen | bit;
    }

    static String string(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw Unread.INSTANCE;
        }
        return parser.getText();
    }

    static Integer integer(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != NumberType.INT) {
            throw Unread.INSTANCE;
        }
        return parser.getIntValue();
    }

    static Long longValue(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || (parser.getNumberType() != NumberType.INT && parser.getNumberType() != NumberType.LONG)) {
            throw Unread.INSTANCE;
        }
        return parser.getLongValue();
    }

    static Boolean bool(JsonParser parser) throws Unread {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        throw Unread.INSTANCE;
    }

    /** A JSON number (integer or not) as a double, as databind reads a {@code double} or {@code Double}. */
    static double number(JsonParser parser) throws IOException, Unread {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw Unread.INSTANCE;
        }
        return parser.getDoubleValue();
    }

    /**
     * The constant whose name ({@code names}, by ordinal) is exactly the string's text, compared in the parser's buffer
     * without making a string of it: databind's default enum reading; anything looser is left to it.
     */
    static <E extends Enum<E>> E constant(JsonParser parser, E[] constants, String[] names) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw Unread.INSTANCE;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        for (int i = 0; i < names.length; i++) {
            if (equal(names[i], chars, offset, length)) {
                return constants[i];
            }
        }
        throw Unread.INSTANCE;
    }

    static String[] names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toArray(String[]::new);
    }

    private static boolean equal(String name, char[] chars, int offset, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A UTC instant, as the contract's {@code UtcInstantDeserializer} reads it without a formatter ({@code …Z} that
     * {@link Rfc3339#fast} reads); every other form (an offset, a number) is left to databind.
     */
    static Instant instant(JsonParser parser) throws IOException, Unread {
        String text = string(parser);
        Instant instant = text.endsWith("Z") ? Rfc3339.fast(text) : null;
        if (instant == null) {
            throw Unread.INSTANCE;
        }
        return instant;
    }

    /**
     * A UUID in its 36-character form, hex digits of either case, as databind's {@code UUIDDeserializer} reads it (not
     * {@link UUID#fromString}, which is laxer); other lengths (databind also reads base64) are left to databind.
     */
    static UUID uuid(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getTextLength() != 36) {
            throw Unread.INSTANCE;
        }
        char[] chars = parser.getTextCharacters();
        int at = parser.getTextOffset();
        if (chars[at + 8] != '-' || chars[at + 13] != '-' || chars[at + 18] != '-' || chars[at + 23] != '-') {
            throw Unread.INSTANCE;
        }
        long high = hex(chars, at, 8) << 32 | hex(chars, at + 9, 4) << 16 | hex(chars, at + 14, 4);
        long low = hex(chars, at + 19, 4) << 48 | hex(chars, at + 24, 12);
        return new UUID(high, low);
    }

    private static long hex(char[] chars, int from, int count) throws Unread {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            char c = chars[i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                throw Unread.INSTANCE;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The fields of a {@link Network}, named as on the wire, in the mapper's order. */
    private enum NetworkField {
        type,
        carrier,
        signalDbm
    }

    private static final Fields<NetworkField> NETWORK_FIELDS = new Fields<>(NetworkField.class);
    private static final Network.NetworkType[] NETWORK_TYPES = Network.NetworkType.values();
    /** By wire name ("4G"), as its {@code @JsonCreator} reads it. */
    private static final String[] NETWORK_TYPE_NAMES =
            Arrays.stream(NETWORK_TYPES).map(Network.NetworkType::wireName).toArray(String[]::new);

    /** The contract's {@link Network}: its type by wire name, carrier, signal. */
    static Network network(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw Unread.INSTANCE;
        }
        Network.NetworkType type = null;
        String carrier = null;
        Integer signalDbm = null;
        long seen = 0;
        NetworkField field = null;
        while ((field = NETWORK_FIELDS.next(parser, field)) != null) {
            seen = once(seen, field);
            switch (field) {
                case type -> type = constant(parser, NETWORK_TYPES, NETWORK_TYPE_NAMES);
                case carrier -> carrier = string(parser);
                case signalDbm -> signalDbm = integer(parser);
            }
        }
        return new Network(type, carrier, signalDbm);
    }
}
