package dev.posmon.analytics.aggregate;

import dev.posmon.analytics.aggregate.CubeMessage.Partial;
import dev.posmon.analytics.aggregate.CubeMessage.Partials;
import dev.posmon.analytics.aggregate.CubeMessage.Watermark;
import dev.posmon.contract.cube.CubeCell;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cube's second stage, in the task of one cell-key partition: sums the partials of every input partition
 * and emits a window's cells once, when every input partition's watermark has passed the window's end.
 * <p>
 * Every {@code runningEvery} (wall clock, unless zero) it also emits, as running cells, the sums so far of the
 * cells of windows not yet emitted that received a partial since. Which cells changed is held in memory: after
 * a restart every cell of the store counts as changed once.
 * <p>
 * Its store is a {@link WriteBackStore}, as the first stage's: the sums are the {@link CellCounts} objects this stage
 * goes on adding to, and go to the changelog at the commit, a window's changed cells as one batch. With an early send
 * every ten seconds from every input partition, each open cell received a partial about once a second per partition:
 * decoding and encoding its sums for each, through Kafka Streams' record cache, and writing each changed cell as its own
 * changelog record at the commit, was a fifth of the cube's cost (0.1 changelog records per attempt in
 * {@code ./posmon bench analytics}). The layout before, a cell per entry, is read as the first stage reads it.
 */
public final class CubeMergeProcessor implements Processor<String, CubeMessage, String, MergedCell> {

    private static final Logger LOG = LoggerFactory.getLogger(CubeMergeProcessor.class);
    static final String EMITTED_UP_TO = "~emitted-up-to";
    static final String WATERMARK = "~watermark|";

    private final String storeName;
    private final long size;
    private final int sources;
    private final Duration runningEvery;
    private final CubeObserver observer;
    private final Map<Integer, Long> watermarks = new TreeMap<>();
    /** Store keys of the cells that received a partial since the last running emission. */
    private final Set<String> changed = new TreeSet<>();

    private ProcessorContext<String, MergedCell> context;
    private CubeStore store;
    private long emittedUpTo = Long.MIN_VALUE;

    /**
     * {@code sources}: how many input partitions send partials and watermarks (the attempts topic's partitions);
     * {@code runningEvery}: how often running cells go out; zero never.
     */
    public CubeMergeProcessor(
            String storeName, Duration size, int sources, Duration runningEvery, CubeObserver observer) {
        this.storeName = storeName;
        this.size = size.toMillis();
        this.sources = sources;
        this.runningEvery = runningEvery;
        this.observer = observer;
    }

    private boolean sendsRunning() {
        return !runningEvery.isZero() && !runningEvery.isNegative();
    }

    @Override
    public void init(ProcessorContext<String, MergedCell> context) {
        this.context = context;
        this.store = (CubeStore) context.getStateStore(storeName);
        watermarks.clear(); // init runs again on the same instance when Kafka Streams revives a corrupted task
        changed.clear();
        byte[] emitted = store.get(EMITTED_UP_TO);
        emittedUpTo =
                emitted == null ? Long.MIN_VALUE : ByteBuffer.wrap(emitted).getLong();
        try (KeyValueIterator<String, byte[]> known = store.range(WATERMARK, WATERMARK + Character.MAX_VALUE)) {
            known.forEachRemaining(entry -> watermarks.put(
                    Integer.parseInt(entry.key.substring(WATERMARK.length())),
                    ByteBuffer.wrap(entry.value).getLong()));
        }
        if (sendsRunning()) {
            store.forEachCount((cellKey, counts) -> changed.add(cellKey));
            context.schedule(runningEvery, PunctuationType.WALL_CLOCK_TIME, this::emitRunning);
        }
    }

    @Override
    public void process(Record<String, CubeMessage> record) {
        if (record.value() instanceof Partials batch) {
            for (CubeMessage.Cell cell : batch.cells()) {
                add(cell.cellKey(), new Partial(batch.source(), cell.windowStart(), cell.windowEnd(), cell.counts()));
            }
        } else if (record.value() instanceof Partial partial) {
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
        CellCounts counted = store.counts(key);
        // a partial's counts are its own (decoded from its record): the store may keep them
        store.putCounts(key, counted == null ? partial.counts() : counted.merge(partial.counts()));
        if (sendsRunning()) {
            changed.add(key);
        }
    }

    /** The sums so far of the cells that changed, stamped with the wall-clock time they were taken at. */
    private void emitRunning(long wallNow) {
        for (String key : changed) {
            CellCounts counted = store.counts(key);
            if (counted != null) {
                long windowStart = CubeStoreKeys.windowStart(key);
                CubeCell cell = counted.toRunningCell(
                        Instant.ofEpochMilli(windowStart),
                        Instant.ofEpochMilli(windowStart + size),
                        CubeStoreKeys.cellKey(key));
                context.forward(new Record<>(cell.key(), new MergedCell(cell, true), wallNow));
            }
        }
        changed.clear();
    }

    private void advance(Watermark watermark) {
        if (watermark.source() >= sources && !watermarks.containsKey(watermark.source())) {
            LOG.warn(
                    "cube watermark from input partition {} but {} partitions were expected: set posmon.analytics.cube-sources "
                            + "to the partition count of the attempts topic",
                    watermark.source(),
                    sources);
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
        store.takeCounts(upTo - size, (key, counts) -> {
            changed.remove(key);
            long windowStart = CubeStoreKeys.windowStart(key);
            CubeCell out = counts.toCell(
                    Instant.ofEpochMilli(windowStart),
                    Instant.ofEpochMilli(windowStart + size),
                    CubeStoreKeys.cellKey(key));
            context.forward(new Record<>(out.key(), new MergedCell(out, false), windowStart + size));
        });
        emittedUpTo = upTo;
        store.put(EMITTED_UP_TO, PartialCubeProcessor.bytes(emittedUpTo));
    }
}
