package dev.posmon.analytics.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * The store answers like a sorted map (Kafka Streams' own in-memory store is a {@code TreeMap} of {@code Bytes}): keys
 * that share long prefixes, as the cube's first stage writes them, bytes above 0x7f, deletions by null and by
 * {@code delete}, batches, and every range, prefix scan and full scan in unsigned byte order.
 */
class CompactKeyValueStoreTest {

    @Test
    void answersLikeASortedMapThroughRandomWritesDeletesAndRanges() {
        SplittableRandom random = new SplittableRandom(11);
        CompactKeyValueStore store = new CompactKeyValueStore("cube-partial");
        NavigableMap<Bytes, byte[]> model = new TreeMap<>();
        for (int step = 0; step < 40_000; step++) {
            Bytes key = key(random);
            switch (random.nextInt(10)) {
                case 0 -> assertThat(store.delete(key)).isEqualTo(model.remove(key));
                case 1 -> {
                    store.put(key, null);
                    model.remove(key);
                }
                case 2 -> {
                    List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
                    for (int i = random.nextInt(20); i >= 0; i--) {
                        Bytes k = key(random);
                        byte[] v = random.nextInt(5) == 0 ? null : value(random);
                        batch.add(KeyValue.pair(k, v));
                        if (v == null) {
                            model.remove(k);
                        } else {
                            model.put(k, v);
                        }
                    }
                    store.putAll(batch);
                }
                case 3 -> {
                    Bytes other = key(random);
                    Bytes from = key.compareTo(other) <= 0 ? key : other;
                    Bytes to = key.compareTo(other) <= 0 ? other : key;
                    assertSame(store.range(from, to), model.subMap(from, true, to, true));
                }
                default -> {
                    byte[] value = value(random);
                    store.put(key, value);
                    model.put(key, value);
                }
            }
            assertThat(store.get(key)).isEqualTo(model.get(key));
        }
        assertThat(store.approximateNumEntries()).isEqualTo(model.size());
        assertSame(store.all(), model);
        for (String prefix : List.of("c|", "c|0000000000", "t|", "e|", "~", "c|0000000001|\u00e9")) {
            NavigableMap<Bytes, byte[]> prefixed = new TreeMap<>(model);
            prefixed.keySet().removeIf(k -> !new String(k.get(), StandardCharsets.UTF_8).startsWith(prefix));
            assertSame(store.prefixScan(prefix, Serdes.String().serializer()), prefixed);
        }
    }

    private static void assertSame(KeyValueIterator<Bytes, byte[]> actual, Map<Bytes, byte[]> expected) {
        List<Bytes> keys = new ArrayList<>();
        try (actual) {
            actual.forEachRemaining(entry -> {
                keys.add(entry.key);
                assertThat(entry.value).isEqualTo(expected.get(entry.key));
            });
        }
        assertThat(keys).containsExactlyElementsOf(expected.keySet());
    }

    /** Keys like the cube's: a kind, a window of ten digits, then a few cells, some with a byte above 0x7f. */
    private static Bytes key(SplittableRandom random) {
        String[] kinds = {"c|", "t|", "e|", "f|", "~"};
        String key = kinds[random.nextInt(kinds.length)] + "000000000" + random.nextInt(3) + "|"
                + (random.nextInt(4) == 0 ? "\u00e9" : "") + "44|H" + random.nextInt(4) + "|CMCC|P2000|FW-7."
                + random.nextInt(3);
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] value(SplittableRandom random) {
        byte[] value = new byte[random.nextInt(12)];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) random.nextInt(256);
        }
        return value;
    }

    /**
     * The registry is read by stream threads while the global thread writes it: a reader racing puts, deletions
     * (backward shifts) and growth of the table still finds every key that stays, with its value.
     */
    @Test
    void readersFindEveryStayingKeyWhileAWriterChurnsTheTable() throws Exception {
        CompactKeyValueStore store = new CompactKeyValueStore("registry");
        int staying = 2_000;
        for (int i = 0; i < staying; i++) {
            store.put(bytes("S" + i), utf8("v" + i));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger wrong = new AtomicInteger();
        AtomicLong reads = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int n = 0; n < 400_000; n++) {
                store.put(bytes("C" + n), utf8("churn" + n));
                if (n >= 1_000) {
                    store.delete(bytes("C" + (n - 1_000)));
                }
            }
            writing.set(false);
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int seed = r;
            readers.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (writing.get()) {
                    int i = random.nextInt(staying);
                    if (!Arrays.equals(store.get(bytes("S" + i)), utf8("v" + i))) {
                        wrong.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            }));
        }
        readers.forEach(Thread::start);
        writer.start();
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(wrong.get()).isZero();
        assertThat(store.approximateNumEntries()).isEqualTo(staying + 1_000);
    }

    private static Bytes bytes(String text) {
        return Bytes.wrap(utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
