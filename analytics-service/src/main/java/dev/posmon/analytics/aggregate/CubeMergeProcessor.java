package dev.posmon.analytics.aggregate;

import dev.posmon.analytics.aggregate.CubeMessage.Partial;
import dev.posmon.analytics.aggregate.CubeMessage.Watermark;
import dev.posmon.contract.cube.CubeCell;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cube's second stage, in the task of one cell-key partition: sums the partials of every input partition
 * and emits a window's cells once, when every input partition's watermark has passed the window's end.
 */
public final class CubeMergeProcessor implements Processor<String, CubeMessage, String, CubeCell> {

    private static final Logger LOG = LoggerFactory.getLogger(CubeMergeProcessor.class);
    static final String EMITTED_UP_TO = "~emitted-up-to";
    static final String WATERMARK = "~watermark|";

    private final String storeName;
    private final long size;
    private final int sources;
    private final CubeObserver observer;
    private final Map<Integer, Long> watermarks = new TreeMap<>();
    private ProcessorContext<String, CubeCell> context;
    private KeyValueStore<String, byte[]> store;
    private long emittedUpTo = Long.MIN_VALUE;

    /** {@code sources}: how many input partitions send partials and watermarks (the attempts topic's partitions). */
    public CubeMergeProcessor(String storeName, Duration size, int sources, CubeObserver observer) {
        this.storeName = storeName;
        this.size = size.toMillis();
        this.sources = sources;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, CubeCell> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        watermarks.clear();  // init runs again on the same instance when Kafka Streams revives a corrupted task
        byte[] emitted = store.get(EMITTED_UP_TO);
        emittedUpTo = emitted == null ? Long.MIN_VALUE : ByteBuffer.wrap(emitted).getLong();
        try (KeyValueIterator<String, byte[]> known = store.prefixScan(WATERMARK, org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            known.forEachRemaining(entry -> watermarks.put(Integer.parseInt(entry.key.substring(WATERMARK.length())),
                    ByteBuffer.wrap(entry.value).getLong()));
        }
    }

    @Override
    public void process(Record<String, CubeMessage> record) {
        if (record.value() instanceof Partial partial) {
            add(record.key(), partial);
        } else if (record.value() instanceof Watermark watermark) {
            advance(watermark);
        }
    }

    private void add(String cellKey, Partial partial) {
        if (partial.windowEnd() <= emittedUpTo) {
            observer.latePartial(partial, cellKey);
            return;
        }
        String key = CubeStoreKeys.cell(partial.windowStart(), cellKey);
        byte[] counted = store.get(key);
        store.put(key, (counted == null ? partial.counts() : CellCounts.fromBytes(counted).merge(partial.counts())).toBytes());
    }

    private void advance(Watermark watermark) {
        if (watermark.source() >= sources && !watermarks.containsKey(watermark.source())) {
            LOG.warn("cube watermark from input partition {} but {} partitions were expected: set posmon.analytics.cube-sources "
                    + "to the partition count of the attempts topic", watermark.source(), sources);
        }
        watermarks.put(watermark.source(), watermark.closedUpTo());
        store.put(WATERMARK + watermark.source(), PartialCubeProcessor.bytes(watermark.closedUpTo()));
        long upTo = Long.MAX_VALUE;
        for (int source = 0; source < sources; source++) {
            upTo = Math.min(upTo, watermarks.getOrDefault(source, Long.MIN_VALUE));
        }
        for (long closed : watermarks.values()) {
            upTo = Math.min(upTo, closed);
        }
        if (upTo == Long.MAX_VALUE || upTo <= emittedUpTo) {
            return;
        }
        CubeStoreKeys.take(store, CubeStoreKeys.CELLS, upTo - size, cell -> {
            long windowStart = CubeStoreKeys.windowStart(cell.key);
            CubeCell out = CellCounts.fromBytes(cell.value).toCell(Instant.ofEpochMilli(windowStart),
                    Instant.ofEpochMilli(windowStart + size), CubeStoreKeys.cellKey(cell.key));
            context.forward(new Record<>(out.key(), out, windowStart + size));
        });
        emittedUpTo = upTo;
        store.put(EMITTED_UP_TO, PartialCubeProcessor.bytes(emittedUpTo));
    }
}
