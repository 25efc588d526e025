package dev.posmon.analytics.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global registry store as the topology builds it (a {@link CompactKeyValueStore} of
 * {@link CompactTerminalSerde} values, written by {@link RegistryStoreUpdater}): what the enrich step and the
 * diagnosis read after an update, a tombstone and an acquirer change.
 */
class CompactRegistryStoreTest {

    @TempDir
    File stateDir;

    private KeyValueStore<String, TerminalRecord> store;
    private RegistryStoreUpdater updater;

    @BeforeEach
    void build() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir);
        store = Stores.keyValueStoreBuilder(
                        CompactKeyValueStore.supplier("registry"), Serdes.String(), new CompactTerminalSerde())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        updater = new RegistryStoreUpdater("registry");
        updater.init(context);
    }

    private void send(String terminalId, TerminalRecord terminal) {
        updater.process(new Record<>(terminalId, terminal, 0L));
    }

    private static TerminalRecord terminal(String id, String acquirer, MerchantStatus status) {
        return new TerminalRecord(
                id, "898440358120001", "440305", "P2000", "Acme", "H1", acquirer, "CUP", "Asia/Shanghai", status);
    }

    @Test
    void anUpdateReplacesTheRecord() {
        send("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        send("T1", terminal("T1", "ACQ-A", MerchantStatus.FROZEN));

        assertThat(store.get("T1")).isEqualTo(terminal("T1", "ACQ-A", MerchantStatus.FROZEN));
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.get("T2")).isNull();
    }

    @Test
    void aTombstoneRemovesTheTerminalAndOnlyIt() {
        send("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        send("T2", terminal("T2", "ACQ-A", MerchantStatus.ACTIVE));
        send("T1", null);
        send("T-never-registered", null);

        assertThat(store.get("T1")).isNull();
        assertThat(store.get("T2")).isEqualTo(terminal("T2", "ACQ-A", MerchantStatus.ACTIVE));
        assertThat(store.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void anAcquirerChangeIsReadBackWithTheNewAcquirer() {
        send("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        send("T2", terminal("T2", "ACQ-A", MerchantStatus.ACTIVE));
        send("T1", terminal("T1", "ACQ-B", MerchantStatus.ACTIVE));

        assertThat(store.get("T1").acquirer()).isEqualTo("ACQ-B");
        assertThat(store.get("T2").acquirer())
                .as("the other terminal of the old acquirer keeps it")
                .isEqualTo("ACQ-A");
    }

    @Test
    void manyTerminalsWithRemovalsAnswerLikeAMapAndIterateInKeyOrder() {
        Map<String, TerminalRecord> truth = new HashMap<>();
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String id = "T" + random.nextInt(5_000);
            if (random.nextInt(4) == 0) {
                send(id, null);
                truth.remove(id);
            } else {
                TerminalRecord terminal =
                        terminal(id, "ACQ-" + random.nextInt(5), MerchantStatus.values()[random.nextInt(3)]);
                send(id, terminal);
                truth.put(id, terminal);
            }
        }
        assertThat(store.approximateNumEntries()).isEqualTo(truth.size());
        for (int i = 0; i < 5_000; i++) {
            assertThat(store.get("T" + i)).as("T" + i).isEqualTo(truth.get("T" + i));
        }
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, TerminalRecord> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        assertThat(keys).isSorted().containsExactlyInAnyOrderElementsOf(truth.keySet());
        try (KeyValueIterator<String, TerminalRecord> range = store.range("T1", "T2")) {
            range.forEachRemaining(entry -> assertThat(entry.key).isBetween("T1", "T2"));
        }
    }

    @Test
    void aRawJsonValueRestoredInPlaceIsStillRead() {
        // the store's restore callback (unused for a global store with a processor) would put the topic's bytes
        CompactKeyValueStore raw = new CompactKeyValueStore("raw");
        byte[] json = dev.posmon.contract.topic.Topics.TERMINAL_REGISTRY
                .valueSerde()
                .serializer()
                .serialize("t", terminal("T9", "ACQ-A", MerchantStatus.CLOSED));
        raw.putAll(List.of(KeyValue.pair(Bytes.wrap("T9".getBytes()), json)));
        assertThat(new CompactTerminalSerde().deserialize("t", raw.get(Bytes.wrap("T9".getBytes()))))
                .isEqualTo(terminal("T9", "ACQ-A", MerchantStatus.CLOSED));
    }
}
