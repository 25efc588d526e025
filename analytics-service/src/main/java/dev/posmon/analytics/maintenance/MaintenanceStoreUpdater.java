package dev.posmon.analytics.maintenance;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code maintenance-windows} store and the {@link MaintenanceIndex} equal to the latest window of
 * every id on {@code host.maintenance.v1}: a window replaces, a tombstone removes. Kafka Streams also runs it over the
 * topic when it rebuilds the store at start, so the index is complete whenever the store is.
 */
public final class MaintenanceStoreUpdater implements Processor<String, MaintenanceWindow, Void, Void> {

    private final String storeName;
    private final MaintenanceIndex index;
    private KeyValueStore<String, MaintenanceWindow> store;

    public MaintenanceStoreUpdater(String storeName, MaintenanceIndex index) {
        this.storeName = storeName;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, MaintenanceWindow> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        index.put(record.key(), record.value());
    }
}
