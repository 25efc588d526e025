package dev.posmon.analytics.terminal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryOut} wrote. */
final class BinaryIn {

    private final byte[] bytes;
    private int at;

    BinaryIn(byte[] bytes) {
        this.bytes = bytes;
    }

    int byte8() {
        return bytes[at++] & 0xFF;
    }

    int varint() {
        return (int) varlong();
    }

    long varlong() {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("malformed varint at byte " + at);
            }
        }
    }

    long zigzag() {
        long raw = varlong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    int int32() {
        int value = ((bytes[at] & 0xFF) << 24)
                | ((bytes[at + 1] & 0xFF) << 16)
                | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
        at += 4;
        return value;
    }

    long int64() {
        return (long) int32() << 32 | int32() & 0xFFFFFFFFL;
    }

    String string() {
        int length = varint() - 1;
        if (length < 0) {
            return null;
        }
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    byte[] blob() {
        int length = varint() - 1;
        if (length < 0) {
            return null;
        }
        byte[] value = Arrays.copyOfRange(bytes, at, at + length);
        at += length;
        return value;
    }

    long time() {
        long raw = varlong();
        return raw == 0 ? Long.MIN_VALUE : raw - 1;
    }

    boolean atEnd() {
        return at >= bytes.length;
    }
}
