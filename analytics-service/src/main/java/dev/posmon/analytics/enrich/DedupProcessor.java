package dev.posmon.analytics.enrich;

import dev.posmon.contract.event.TerminalEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets each eventId through once: a batch posted again after a 503, or a terminal's retransmission, is
 * counted once. Remembers eventIds for a retention period in a window store (old segments drop off by
 * themselves). Duplicates share the terminal key, so they meet in the same task.
 */
public final class DedupProcessor<T extends TerminalEvent> implements FixedKeyProcessor<String, T, T> {

    private final String storeName;
    private final long retentionMs;
    private FixedKeyProcessorContext<String, T> context;
    private WindowStore<String, Long> seen;

    public DedupProcessor(String storeName, Duration retention) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, T> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, T> record) {
        String eventId = record.value().eventId().toString();
        long time = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(eventId, Instant.ofEpochMilli(time - retentionMs),
                Instant.ofEpochMilli(time + retentionMs))) {
            if (earlier.hasNext()) {
                return;
            }
        }
        seen.put(eventId, time, time);
        context.forward(record);
    }
}
