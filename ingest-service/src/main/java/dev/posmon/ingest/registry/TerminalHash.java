package dev.posmon.ingest.registry;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A terminal id's 64-bit SipHash-2-4 under a key drawn at random when the view starts. Keyed, so that no
 * caller can choose ids that collide with another acquirer's terminals (SipHash is built for hash tables
 * fed by untrusted keys); 64 bits, so that a chance collision is negligible (see {@link TerminalTable}).
 * Each replica and each start draws its own key: a collision on one is not on another.
 */
public final class TerminalHash {

    private final long k0;
    private final long k1;

    public TerminalHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    public static TerminalHash random() {
        SecureRandom random = new SecureRandom();
        return new TerminalHash(random.nextLong(), random.nextLong());
    }

    public long of(String terminalId) {
        return sipHash24(terminalId.getBytes(StandardCharsets.UTF_8));
    }

    long sipHash24(byte[] data) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int length = data.length;
        int whole = length - (length % 8);
        for (int i = 0; i < whole; i += 8) {
            long m = littleEndian(data, i, 8);
            v3 ^= m;
            for (int round = 0; round < 2; round++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long m = ((long) length << 56) | littleEndian(data, whole, length - whole);
        v3 ^= m;
        for (int round = 0; round < 2; round++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= m;
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long littleEndian(byte[] data, int from, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (data[from + i] & 0xffL);
        }
        return value;
    }
}
