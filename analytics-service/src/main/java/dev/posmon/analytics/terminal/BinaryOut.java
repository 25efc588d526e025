package dev.posmon.analytics.terminal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array written with varints and length-prefixed UTF-8: the terminals store's value format. */
final class BinaryOut {

    private byte[] bytes;
    private int size;

    BinaryOut() {
        this(256);
    }

    BinaryOut(int capacity) {
        bytes = new byte[capacity];
    }

    void byte8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void varint(int value) {
        varlong(value & 0xFFFFFFFFL);
    }

    void varlong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    /** A signed value, zig-zag encoded so that small negatives stay short. */
    void zigzag(long value) {
        varlong((value << 1) ^ (value >> 63));
    }

    void int32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    /** Eight bytes, most significant first. */
    void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    /** A string or null: its UTF-8 length + 1 (0 for null), then the bytes. */
    void string(String value) {
        if (value == null) {
            byte8(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length + 1);
        raw(utf8);
    }

    /** A byte array or null, like a string. */
    void blob(byte[] value) {
        if (value == null) {
            byte8(0);
            return;
        }
        varint(value.length + 1);
        raw(value);
    }

    /** An epoch-millisecond time that may be absent (Long.MIN_VALUE): zig-zag of time + 1, 0 for absent. */
    void time(long epochMillis) {
        varlong(epochMillis == Long.MIN_VALUE ? 0 : epochMillis + 1);
    }

    private void raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /** Empties it for the next value, keeping its array. */
    void reset() {
        size = 0;
    }

    byte[] toBytes() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
