package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void countsAreEncodedAsTheyAreAtTheCommitNotAsTheyWereWhenPut() {
        CellCounts counts = new CellCounts().add(CubeStagesTest.failure("A", 0, 1, "96"), true);
        store.putCounts("c|1", counts);
        counts.add(CubeStagesTest.success("B", 0, 2), false);
        store.flushCache();
        store.clearCache();

        assertThat(CellCounts.fromBytes(store.get("c|1")).attempts()).isEqualTo(2);
        assertThat(CellCounts.fromBytes(store.get("c|1")).failingTerminals()).isEqualTo(1);
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
        store.putCounts("t|1", new CellCounts());
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
