package dev.posmon.analytics.enrich;

import dev.posmon.contract.event.TerminalEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Lets each event through once: a batch posted again after a 503, or a terminal's retransmission, is
 * counted once. Remembers eventIds for a retention period in a window store (old segments drop off by
 * themselves), at the event's own time: a resent event is the same event, with the same occurredAt (the
 * record time), so one point lookup finds it, where a range over the retention would open an iterator over
 * every segment for every event. Duplicates share the terminal key, so they meet in the same task.
 */
public final class DedupProcessor<T extends TerminalEvent> implements FixedKeyProcessor<String, T, T> {

    private final String storeName;
    private FixedKeyProcessorContext<String, T> context;
    private WindowStore<String, Long> seen;

    public DedupProcessor(String storeName) {
        this.storeName = storeName;
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
        if (seen.fetch(eventId, time) != null) {
            return;
        }
        seen.put(eventId, time, time);
        context.forward(record);
    }
}
