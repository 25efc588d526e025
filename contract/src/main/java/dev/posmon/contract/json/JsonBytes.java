package dev.posmon.contract.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * A record's JSON written straight into bytes, byte for byte as {@link ContractJson#mapper()} writes the values it
 * takes, for the records analytics writes once per attempt or per health change: strings that need no escape, UUIDs,
 * instants of the years 0000-9999 (as {@code DateTimeFormatter.ISO_INSTANT}), integers, enums by name. Where databind
 * writes a value its own way (a string with a quote, a backslash, a control character or a surrogate; an instant
 * outside those years) the writing methods answer false, and the caller lets databind write the whole record.
 * <p>
 * Why: driving Jackson's {@code JsonGenerator} by hand saved nothing over databind (its per-value bookkeeping and
 * {@code Instant.toString} were most of it); writing the bytes does. Each serde's test holds its records to databind's
 * bytes. One instance writes one record; not thread-safe.
 */
public final class JsonBytes {

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private byte[] bytes;
    private int at;

    public JsonBytes(int expectedSize) {
        this.bytes = new byte[expectedSize];
    }

    /** {@code {"name":} or {@code ,"name":}, for names that need no escaping. */
    public static byte[] name(String before, String name) {
        return ascii(before + '"' + name + "\":");
    }

    /** Each constant's name as a JSON string, by ordinal. */
    public static byte[][] quoted(Enum<?>[] constants) {
        byte[][] quoted = new byte[constants.length][];
        for (Enum<?> constant : constants) {
            quoted[constant.ordinal()] = ascii('"' + constant.name() + '"');
        }
        return quoted;
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes written so far, as their own array. */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, at);
    }

    public void raw(byte[] part) {
        ensure(part.length);
        System.arraycopy(part, 0, bytes, at, part.length);
        at += part.length;
    }

    public void raw(char ascii) {
        ensure(1);
        bytes[at++] = (byte) ascii;
    }

    /** A field of string value, none when null; false when databind has to write the string. */
    public boolean string(byte[] name, String value) {
        if (value == null) {
            return true;
        }
        raw(name);
        return text(value);
    }

    /** A field of enum value ({@link #quoted} names), none when null. */
    public void constant(byte[] name, Enum<?> value, byte[][] names) {
        if (value != null) {
            raw(name);
            raw(names[value.ordinal()]);
        }
    }

    /** A field of instant value, none when null; false outside the years 0000-9999. */
    public boolean instant(byte[] name, Instant value) {
        if (value == null) {
            return true;
        }
        raw(name);
        return instant(value);
    }

    public void bool(byte[] name, boolean value) {
        raw(name);
        raw(value ? TRUE : FALSE);
    }

    /** A field of int value, as {@code Integer.toString}. */
    public void integer(byte[] name, int value) {
        raw(name);
        ensure(11);
        long rest = value;
        if (rest < 0) {
            bytes[at++] = '-';
            rest = -rest;
        }
        int digits = 1;
        for (long bound = 10; bound <= rest; bound *= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            bytes[at + i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        at += digits;
    }

    /**
     * A JSON string in UTF-8, as Jackson writes one that needs no escape; false for one that does (below U+0020, a
     * quote, a backslash) or has a surrogate (an emoji).
     */
    public boolean text(String value) {
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
    public void uuid(UUID id) {
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
     * As {@code DateTimeFormatter.ISO_INSTANT} (jsr310's {@code InstantSerializer}): {@code yyyy-MM-ddTHH:mm:ss}, the
     * fraction in as many groups of three digits as it needs, {@code Z}; false outside the years 0000-9999, which it
     * writes otherwise.
     */
    public boolean instant(Instant instant) {
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

    private void ensure(int more) {
        if (at + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + more));
        }
    }
}
