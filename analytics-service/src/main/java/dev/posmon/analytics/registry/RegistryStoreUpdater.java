package dev.posmon.analytics.registry;

import dev.posmon.contract.registry.TerminalRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code registry} store equal to the latest record of every terminal on
 * {@code terminal.registry.v1}: a record replaces, a tombstone removes. Kafka Streams also runs it over the
 * topic when it rebuilds the store at start, so the store's compact values are always written through its
 * serde ({@link CompactTerminalSerde}), never copied from the topic's JSON.
 */
public final class RegistryStoreUpdater implements Processor<String, TerminalRecord, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, TerminalRecord> store;

    public RegistryStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, TerminalRecord> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
