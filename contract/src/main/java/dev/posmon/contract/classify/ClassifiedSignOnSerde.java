package dev.posmon.contract.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonSerde;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code signon.classified.v2}: writes a {@link ClassifiedSignOn} straight into bytes, byte for byte what
 * {@link ContractJson#mapper()} writes (the fields in the record's order, absent ones left out, the eventId in
 * lower-case hex, the instant in {@code DateTimeFormatter.ISO_INSTANT}'s form, enums by name, the evidence's fields in
 * their map's order, strings as UTF-8); reads it back with databind.
 * <p>
 * Why: analytics writes one per attempt, and writing records out was 11 % of its samples. Driving a
 * {@code JsonGenerator} by hand saved nothing over databind (the generator's per-value bookkeeping and
 * {@code Instant.toString}, a formatter run, were most of it); writing the bytes does. A string that JSON has to escape
 * (a quote, a backslash, a control character) or one with a surrogate (an emoji), and an instant outside the years 0000-9999,
 * which are rare here (the schema's ids allow none), are written by databind, whose escaping and forms this does not
 * repeat. {@code ClassifiedSignOnSerdeTest} holds it to databind's bytes.
 */
public final class ClassifiedSignOnSerde implements Serde<ClassifiedSignOn>, Serializer<ClassifiedSignOn> {

    private static final ObjectWriter DATABIND = ContractJson.mapper().writerFor(ClassifiedSignOn.class);

    private static final byte[] EVENT_ID = name("{", "eventId");
    private static final byte[] TERMINAL_ID = name(",", "terminalId");
    private static final byte[] OCCURRED_AT = name(",", "occurredAt");
    private static final byte[] OUTCOME = name(",", "outcome");
    private static final byte[] HOST_ID = name(",", "hostId");
    private static final byte[] REGISTERED = name(",", "registered");
    private static final byte[] PROVINCE = name(",", "province");
    private static final byte[] CITY = name(",", "city");
    private static final byte[] MERCHANT_ID = name(",", "merchantId");
    private static final byte[] MODEL = name(",", "model");
    private static final byte[] ACQUIRER = name(",", "acquirer");
    private static final byte[] CAUSE = name(",", "cause");
    private static final byte[] EVIDENCE = name(",", "evidence");
    private static final byte[] RULE = name("{", "rule");
    private static final byte[] FIELDS = name(",", "fields");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final byte[][] OUTCOMES = quoted(Outcome.values());
    private static final byte[][] CAUSES = quoted(Cause.values());
    private static final byte[] HEX = bytes("0123456789abcdef");

    private final JsonSerde<ClassifiedSignOn> databind = new JsonSerde<>(ClassifiedSignOn.class);

    @Override
    public byte[] serialize(String topic, ClassifiedSignOn value) {
        return value == null ? null : json(value);
    }

    /** The record's JSON, as the contract's mapper writes it. */
    public static byte[] json(ClassifiedSignOn value) {
        byte[] json = byHand(value);
        if (json != null) {
            return json;
        }
        try {
            return DATABIND.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's JSON written here, null when databind has to write it. */
    static byte[] byHand(ClassifiedSignOn value) {
        return new Out().record(value);
    }

    /** One record's bytes as they are written; null from {@link #record} when databind has to write it. */
    private static final class Out {
        private byte[] bytes = new byte[320];
        private int at;

        byte[] record(ClassifiedSignOn value) {
            if (value.eventId() == null) {
                return null; // databind opens with the next field: not worth a second way of opening
            }
            raw(EVENT_ID);
            uuid(value.eventId());
            if (!string(TERMINAL_ID, value.terminalId())) {
                return null;
            }
            if (value.occurredAt() != null) {
                raw(OCCURRED_AT);
                if (!instant(value.occurredAt())) {
                    return null;
                }
            }
            if (value.outcome() != null) {
                raw(OUTCOME);
                raw(OUTCOMES[value.outcome().ordinal()]);
            }
            if (!string(HOST_ID, value.hostId())) {
                return null;
            }
            raw(REGISTERED);
            raw(value.registered() ? TRUE : FALSE);
            if (!string(PROVINCE, value.province())
                    || !string(CITY, value.city())
                    || !string(MERCHANT_ID, value.merchantId())
                    || !string(MODEL, value.model())
                    || !string(ACQUIRER, value.acquirer())) {
                return null;
            }
            if (value.cause() != null) {
                raw(CAUSE);
                raw(CAUSES[value.cause().ordinal()]);
            }
            Evidence evidence = value.evidence();
            if (evidence != null) {
                if (evidence.rule() == null) {
                    return null;
                }
                raw(EVIDENCE);
                if (!string(RULE, evidence.rule())) {
                    return null;
                }
                raw(FIELDS);
                byte separator = '{';
                for (Map.Entry<String, String> field : evidence.fields().entrySet()) {
                    ensure(1);
                    bytes[at++] = separator;
                    separator = ',';
                    if (!text(field.getKey())) {
                        return null;
                    }
                    ensure(1);
                    bytes[at++] = ':';
                    if (!text(field.getValue())) {
                        return null;
                    }
                }
                ensure(3);
                if (separator == '{') {
                    bytes[at++] = '{';
                }
                bytes[at++] = '}';
                bytes[at++] = '}';
            }
            ensure(1);
            bytes[at++] = '}';
            return Arrays.copyOf(bytes, at);
        }

        /** A field of string value, none when null; false when databind has to write the string. */
        private boolean string(byte[] name, String value) {
            if (value == null) {
                return true;
            }
            raw(name);
            return text(value);
        }

        /**
         * A JSON string in UTF-8, as Jackson writes one that needs no escape; false for one that does (below U+0020, a
         * quote, a backslash) or has a surrogate (an emoji).
         */
        private boolean text(String value) {
            int length = value.length();
            ensure(length * 3 + 2);
            bytes[at++] = '"';
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    if (c < 0x20 || c == '"' || c == '\\') {
                        return false;
                    }
                    bytes[at++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[at++] = (byte) (0xC0 | c >> 6);
                    bytes[at++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    return false; // Jackson 2 writes a pair as two escapes, a lone one its own way
                } else {
                    bytes[at++] = (byte) (0xE0 | c >> 12);
                    bytes[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[at++] = (byte) (0x80 | c & 0x3F);
                }
            }
            bytes[at++] = '"';
            return true;
        }

        /** As {@code UUID.toString()}, which is what databind's {@code UUIDSerializer} writes. */
        private void uuid(UUID id) {
            ensure(38);
            bytes[at++] = '"';
            hex(id.getMostSignificantBits() >>> 32, 8);
            bytes[at++] = '-';
            hex(id.getMostSignificantBits() >>> 16, 4);
            bytes[at++] = '-';
            hex(id.getMostSignificantBits(), 4);
            bytes[at++] = '-';
            hex(id.getLeastSignificantBits() >>> 48, 4);
            bytes[at++] = '-';
            hex(id.getLeastSignificantBits(), 12);
            bytes[at++] = '"';
        }

        private void hex(long value, int digits) {
            for (int i = digits - 1; i >= 0; i--) {
                bytes[at + i] = HEX[(int) (value & 0xF)];
                value >>>= 4;
            }
            at += digits;
        }

        /**
         * As {@code DateTimeFormatter.ISO_INSTANT} (jsr310's {@code InstantSerializer}):
         * {@code yyyy-MM-ddTHH:mm:ss}, the fraction in as many groups of three digits as it needs, {@code Z}; false
         * outside the years 0000-9999, which it writes otherwise.
         */
        private boolean instant(Instant instant) {
            long seconds = instant.getEpochSecond();
            long day = Math.floorDiv(seconds, 86_400);
            int secondOfDay = (int) Math.floorMod(seconds, 86_400);
            if (day < -719_528 || day > 2_932_896) { // 0000-01-01, 9999-12-31
                return false;
            }
            LocalDate date = LocalDate.ofEpochDay(day);
            ensure(32);
            bytes[at++] = '"';
            digits(date.getYear(), 4);
            bytes[at++] = '-';
            digits(date.getMonthValue(), 2);
            bytes[at++] = '-';
            digits(date.getDayOfMonth(), 2);
            bytes[at++] = 'T';
            digits(secondOfDay / 3600, 2);
            bytes[at++] = ':';
            digits(secondOfDay / 60 % 60, 2);
            bytes[at++] = ':';
            digits(secondOfDay % 60, 2);
            int nanos = instant.getNano();
            if (nanos != 0) {
                bytes[at++] = '.';
                if (nanos % 1_000_000 == 0) {
                    digits(nanos / 1_000_000, 3);
                } else if (nanos % 1000 == 0) {
                    digits(nanos / 1000, 6);
                } else {
                    digits(nanos, 9);
                }
            }
            bytes[at++] = 'Z';
            bytes[at++] = '"';
            return true;
        }

        private void digits(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                bytes[at + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            at += count;
        }

        private void raw(byte[] part) {
            ensure(part.length);
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
        }

        private void ensure(int more) {
            if (at + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + more));
            }
        }
    }

    /** {@code {"name":} or {@code ,"name":}: the names need no escaping. */
    private static byte[] name(String before, String name) {
        return bytes(before + '"' + name + "\":");
    }

    private static byte[][] quoted(Enum<?>[] constants) {
        byte[][] quoted = new byte[constants.length][];
        for (Enum<?> constant : constants) {
            quoted[constant.ordinal()] = bytes('"' + constant.name() + '"');
        }
        return quoted;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the contract fixes the JSON form
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<ClassifiedSignOn> serializer() {
        return this;
    }

    @Override
    public Deserializer<ClassifiedSignOn> deserializer() {
        return databind;
    }
}
