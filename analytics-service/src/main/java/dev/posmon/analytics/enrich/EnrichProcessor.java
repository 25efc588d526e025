package dev.posmon.analytics.enrich;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins an attempt with its terminal's registry record, read by the attempt's key (the terminalId) from the
 * global {@code registry} store; an unregistered terminal gets null. What a left join with a GlobalKTable
 * did, over a store whose values are compact ({@code registry/CompactTerminalSerde}) rather than the topic's
 * JSON.
 */
public final class EnrichProcessor implements FixedKeyProcessor<String, SignOnAttempt, Enriched> {

    private final String registryStore;
    private FixedKeyProcessorContext<String, Enriched> context;
    private KeyValueStore<String, TerminalRecord> registry;

    public EnrichProcessor(String registryStore) {
        this.registryStore = registryStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Enriched> context) {
        this.context = context;
        this.registry = context.getStateStore(registryStore);
    }

    @Override
    public void process(FixedKeyRecord<String, SignOnAttempt> record) {
        TerminalRecord terminal = record.key() == null ? null : registry.get(record.key());
        context.forward(record.withValue(new Enriched(record.value(), terminal)));
    }
}
