package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackStoreTest {

    @TempDir
    File stateDir;

    MockProcessorContext<String, CubeMessage> context;
    WriteBackStore store;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-store-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir);
        store = WriteBackStore.builder("cube-partial").withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    static final String A = CubeStoreKeys.cell(60_000, "A");
    static final String B = CubeStoreKeys.cell(60_000, "B");
    static final String C = CubeStoreKeys.cell(120_000, "C");

    @Test
    void countsAreEncodedAsTheyAreAtTheCommitNotAsTheyWereWhenPut() {
        CellCounts counts = new CellCounts().add(CubeStagesTest.failure("A", 0, 1, "96"), true);
        store.putCounts(A, counts);
        counts.add(CubeStagesTest.success("B", 0, 2), false);
        store.flushCache();
        store.clearCache(); // the counts are read again from the store

        assertThat(store.counts(A)).isNotSameAs(counts);
        assertThat(store.counts(A).attempts()).isEqualTo(2);
        assertThat(store.counts(A).failingTerminals()).isEqualTo(1);
    }

    @Test
    void aCommitWritesOneBatchPerWindowAndTheLatestBatchOfACellWins() {
        store.putCounts(A, attempts(1));
        store.putCounts(B, attempts(2));
        store.putCounts(C, attempts(3));
        store.flushCache();
        assertThat(keys("b|", "b}")).as("one record per window, not per cell").hasSize(2);

        store.putCounts(A, store.counts(A).add(CubeStagesTest.success("A", 0, 3), false));
        store.flushCache();
        assertThat(keys("b|", "b}")).hasSize(3);
        store.clearCache();

        assertThat(store.counts(A).attempts()).isEqualTo(2);
        assertThat(store.counts(B).attempts()).isEqualTo(2);
        assertThat(store.counts(C).attempts()).isEqualTo(3);
    }

    @Test
    void uncommittedCountsAreGoneAfterADirtyCloseOrARevival() {
        store.putCounts(A, attempts(1));
        store.flushCache();
        store.putCounts(A, store.counts(A).add(CubeStagesTest.success("A", 0, 3), false));
        store.putCounts(B, attempts(5));

        store.clearCache();
        assertThat(store.counts(A).attempts()).isEqualTo(1);
        assertThat(store.counts(B)).isNull();

        store.putCounts(B, attempts(5));
        store.init(context.getStateStoreContext(), store);
        assertThat(store.counts(A).attempts()).isEqualTo(1);
        assertThat(store.counts(B)).isNull();
    }

    @Test
    void takingAWindowHandsOverItsCellsInKeyOrderAndDeletesItsBatchesAndOlderCells() {
        // a cell as a version before batches wrote it, one record per cell
        store.put(CubeStoreKeys.cell(60_000, "Z"), attempts(7).toBytes());
        store.put(A, attempts(9).toBytes()); // and the same cell counted on since, in a batch
        store.flushCache();
        store.putCounts(A, store.counts(A).add(CubeStagesTest.success("A", 0, 3), false));
        store.putCounts(B, attempts(2));
        store.flushCache();
        store.putCounts(C, attempts(3));

        Map<String, Long> taken = new LinkedHashMap<>();
        store.takeCounts(60_000, (key, counts) -> taken.put(key, counts.attempts()));

        assertThat(taken).containsExactly(entry(A, 10L), entry(B, 2L), entry(CubeStoreKeys.cell(60_000, "Z"), 7L));
        store.flushCache();
        store.clearCache();
        assertThat(keys("c|", "c}")).isEmpty();
        assertThat(keys("b|", "b}"))
                .singleElement()
                .asString()
                .startsWith(CubeStoreKeys.batch(120_000, 0).substring(0, 22));
        assertThat(store.counts(A)).isNull();
        assertThat(store.counts(C).attempts()).isEqualTo(3);
    }

    @Test
    void aBatchPastItsSizeIsSplitAndEveryCellReadsBack() {
        int cells = 12_000;
        for (int i = 0; i < cells; i++) {
            store.putCounts(
                    CubeStoreKeys.cell(60_000, "广东|H" + i + "|CMCC|P400|FW-1.2.3|APP-2.0|acquirer-" + i),
                    attempts(i % 5 + 1));
        }
        store.flushCache();
        List<byte[]> batches = new ArrayList<>();
        try (var entries = store.range("b|", "b}")) {
            entries.forEachRemaining(entry -> batches.add(entry.value));
        }
        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches)
                .allSatisfy(batch -> assertThat(batch.length).isLessThan(WriteBackStore.BATCH_BYTES + 1_000));

        store.clearCache();
        Map<String, Long> taken = new LinkedHashMap<>();
        store.takeCounts(Long.MAX_VALUE, (key, counts) -> taken.put(key, counts.attempts()));
        assertThat(taken).hasSize(cells);
        assertThat(taken.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(cells / 5 * 15);
    }

    @Test
    void aRestartedStoreWritesItsNextBatchAfterTheOnesItFound() {
        store.putCounts(A, attempts(1));
        store.flushCache();
        store.putCounts(A, store.counts(A).add(CubeStagesTest.success("A", 0, 3), false));
        store.flushCache();
        store.init(context.getStateStoreContext(), store); // a revival keeps the committed store

        store.putCounts(A, store.counts(A).add(CubeStagesTest.success("A", 0, 4), false));
        store.flushCache();
        store.init(context.getStateStoreContext(), store);

        assertThat(store.counts(A).attempts()).isEqualTo(3);
        assertThat(keys("b|", "b}")).hasSize(3).isSorted();
    }

    private static CellCounts attempts(int n) {
        CellCounts counts = new CellCounts();
        for (int i = 0; i < n; i++) {
            counts.add(CubeStagesTest.success("T" + i, 0, i), false);
        }
        return counts;
    }

    @Test
    void whatWasNotCommittedIsGoneAfterADirtyCloseWhatWasCommittedStays() {
        store.put("e|committed", new byte[] {1});
        store.flushCache();
        store.put("e|committed", new byte[] {2});
        store.put("e|uncommitted", new byte[] {3});
        assertThat(store.get("e|committed")).containsExactly(2);

        store.clearCache();

        assertThat(store.get("e|committed")).containsExactly(1);
        assertThat(store.get("e|uncommitted")).isNull();
    }

    @Test
    void aRevivedStoreForgetsWhatItsTaskHadNotCommitted() {
        store.put("f|A", new byte[0]);
        store.flush();
        store.put("f|B", new byte[0]);

        store.init(context.getStateStoreContext(), store);

        assertThat(store.get("f|A")).isNotNull();
        assertThat(store.get("f|B")).isNull();
    }

    @Test
    void aDeletionHidesTheEntryAtOnceAndRemovesItAtTheCommit() {
        store.put("f|A", new byte[0]);
        store.flushCache();
        store.putAll(List.of(KeyValue.pair("f|A", null)));
        assertThat(store.get("f|A")).isNull();

        store.flushCache();
        store.clearCache();

        assertThat(store.get("f|A")).isNull();
        assertThat(keys("f|", "f}")).isEmpty();
    }

    @Test
    void aRangeReadsTheEntriesChangedSinceTheCommitInKeyOrder() {
        store.put("t|2", new byte[0]);
        store.flushCache();
        store.put("t|3", new byte[0]);
        store.put("t|1", new byte[0]);
        store.put("t|2", null);

        assertThat(keys("t|", "t}")).containsExactly("t|1", "t|3");
    }

    private List<String> keys(String from, String to) {
        List<String> keys = new ArrayList<>();
        try (var entries = store.range(from, to)) {
            entries.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
