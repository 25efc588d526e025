package dev.posmon.analytics.aggregate;

import dev.posmon.analytics.aggregate.CubeMessage.Partials;
import dev.posmon.analytics.aggregate.CubeMessage.Watermark;
import dev.posmon.contract.classify.ClassifiedAttempt;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The cube's first stage, in the task of one input partition: counts the partition's attempts per window and
 * cell, and when the partition's own event time (the latest attempt it has seen) passes a window's end plus
 * the grace, sends the window's cells and then a {@link Watermark}.
 * <p>
 * Lateness is judged against the attempts of the same partition (that is, of the same terminals), never
 * against other partitions: after a restart with a backlog the partitions are replayed at different speeds,
 * and a window-and-grace shared by all of them would drop most of the replay as late.
 * <p>
 * A partition that receives nothing for {@code idleAfter} (wall clock) lets its event time run on with the wall
 * clock, so that it never holds the other partitions' windows back; one that has never received an attempt
 * says so with a watermark of {@link Long#MAX_VALUE}.
 * <p>
 * The partition's terminals ({@link CubeTerminals}) go out with a closed window's cells as their terminal sets.
 * An attempt too late for its window changes neither the counts nor whether its terminal is failing.
 * <p>
 * Every {@code runningEvery} (wall clock, unless zero) it sends the counts of every open cell that changed since
 * then as a partial and forgets them, so that a window's partials add up to its counts whatever was sent early:
 * the close sends only the rest, with the window's terminal sets. The terminals stay until the close, so that a
 * terminal is counted among a cell-window's failing terminals once, whichever partial it came in.
 * <p>
 * Cells sent at once (a close, an early send) go out as one record per partition of the second stage that merges them
 * ({@link Partials}), not one per cell: an early send every ten seconds sent about one partial per changed cell and task,
 * 0.38 records per attempt on {@code cube-partials}.
 * <p>
 * Store writes per attempt: the cell's counts (what makes the attempt count once it is committed, under exactly-once)
 * and, for a failure or a recovery, its terminal's entries. The store ({@link WriteBackStore}) keeps them until the
 * commit, the counts as the object this stage goes on changing, and writes a window's changed cells as one batch. The
 * partition's event time is written when it is first set, at a close and at the idle check, not per attempt (see
 * {@link #storeLatest}).
 */
public final class PartialCubeProcessor implements Processor<String, ClassifiedAttempt, String, CubeMessage> {

    static final String CLOSED_UP_TO = "~closed-up-to";
    static final String LATEST = "~latest";

    private final String storeName;
    private final long size;
    private final long grace;
    private final long idleAfter;
    private final Duration runningEvery;
    private final CubeObserver observer;
    /** The partitions of the second stage's topic ({@code cube-partials}): the attempts topic's. */
    private final int partitions;
    /** The cells to send, by the second stage's partition that merges them, in that order. */
    private final Map<Integer, Batch> batches = new TreeMap<>();

    private ProcessorContext<String, CubeMessage> context;
    private CubeStore store;
    private CubeTerminals terminals;
    private int source;
    private long latest = Long.MIN_VALUE;
    /** {@code latest} as the store has it: written when it is first set, at a close and at the idle check, not per attempt. */
    private long storedLatest = Long.MIN_VALUE;

    private long closedUpTo = Long.MIN_VALUE;
    /** Wall-clock time of the first idle check after {@code latest} last moved (-1: not seen yet). */
    private long latestAdvancedAtWall = -1;

    private boolean advancedSinceCheck;
    private boolean saidEmpty;
    /** The keys of the open windows' cells by window start, built once each ({@link #keys(long, CubeKeys.Cell)}). */
    private final Map<Long, Map<CubeKeys.Cell, Keys>> keysByWindow = new HashMap<>();

    /**
     * {@code runningEvery}: how often open cells go out early, zero never; {@code partitions}: the second stage's, by
     * which the cells sent at once are grouped into one record per partition.
     */
    public PartialCubeProcessor(
            String storeName,
            Duration size,
            Duration grace,
            Duration idleAfter,
            Duration runningEvery,
            int partitions,
            CubeObserver observer) {
        this.storeName = storeName;
        this.partitions = partitions;
        this.size = size.toMillis();
        this.grace = grace.toMillis();
        this.idleAfter = idleAfter.toMillis();
        this.runningEvery = runningEvery;
        this.observer = observer;
    }

    private boolean sendsRunning() {
        return !runningEvery.isZero() && !runningEvery.isNegative();
    }

    @Override
    public void init(ProcessorContext<String, CubeMessage> context) {
        this.context = context;
        this.store = (CubeStore) context.getStateStore(storeName);
        this.terminals = new CubeTerminals(store);
        this.source = context.taskId().partition();
        // init runs again on the same instance when Kafka Streams revives a corrupted task: nothing may survive it
        this.keysByWindow.clear();
        this.batches.clear();
        this.latest = readLong(LATEST);
        this.storedLatest = latest;
        this.closedUpTo = readLong(CLOSED_UP_TO);
        this.latestAdvancedAtWall = -1;
        this.advancedSinceCheck = false;
        this.saidEmpty = false;
        context.schedule(
                Duration.ofMillis(Math.max(1_000, idleAfter / 4)), PunctuationType.WALL_CLOCK_TIME, this::whenIdle);
        if (sendsRunning()) {
            context.schedule(runningEvery, PunctuationType.WALL_CLOCK_TIME, wallNow -> sendOpenCells());
        }
    }

    @Override
    public void process(Record<String, ClassifiedAttempt> record) {
        long time = record.timestamp();
        if (time > latest) {
            latest = time;
            advancedSinceCheck = true;
            if (storedLatest == Long.MIN_VALUE) {
                storeLatest(); // that the partition has received an attempt must survive a restart
            }
            closeThrough(latest);
        }
        long windowStart = time - Math.floorMod(time, size);
        if (windowStart + size <= closedUpTo) {
            observer.lateForCube(record.value());
            return;
        }
        ClassifiedAttempt attempt = record.value();
        Keys keys = keys(windowStart, CubeKeys.cell(attempt));
        String cellKey = keys.cellKey();
        boolean newFailingTerminal = false;
        if (attempt.failed()) {
            newFailingTerminal =
                    terminals.failed(windowStart, cellKey, attempt.attempt().terminalId());
        } else {
            terminals.succeeded(windowStart, cellKey, attempt.attempt().terminalId());
        }
        String key = keys.storeKey();
        CellCounts counts = store.counts(key);
        store.putCounts(key, (counts == null ? new CellCounts() : counts).add(attempt, newFailingTerminal));
    }

    /**
     * The keys of a cell in a window, built at its first attempt. The same key objects every time also make the
     * lookups by them (the store's maps of counts and of changed cells) find their entry by identity, its hash
     * already known: building, hashing and comparing a 70-character key per attempt cost more than counting it.
     */
    private Keys keys(long windowStart, CubeKeys.Cell cell) {
        Map<CubeKeys.Cell, Keys> ofWindow = keysByWindow.get(windowStart);
        if (ofWindow == null) {
            ofWindow = new HashMap<>();
            keysByWindow.put(windowStart, ofWindow);
        }
        Keys keys = ofWindow.get(cell);
        if (keys == null) {
            String cellKey = cell.key();
            keys = new Keys(cellKey, CubeStoreKeys.cell(windowStart, cellKey));
            ofWindow.put(cell, keys);
        }
        return keys;
    }

    /** A cell's key and its store key in one window. */
    private record Keys(String cellKey, String storeKey) {}

    /** Wall-clock punctuation; it alone reads the wall clock, so a restart or a slow first record cannot skew it. */
    private void whenIdle(long wallNow) {
        storeLatest();
        if (advancedSinceCheck || latestAdvancedAtWall < 0) {
            advancedSinceCheck = false;
            latestAdvancedAtWall = wallNow;
            return;
        }
        if (wallNow - latestAdvancedAtWall < idleAfter) {
            return;
        }
        if (latest == Long.MIN_VALUE) {
            if (!saidEmpty) {
                saidEmpty = true;
                context.forward(new Record<>("", new Watermark(source, Long.MAX_VALUE), wallNow));
            }
            return;
        }
        closeThrough(latest + (wallNow - latestAdvancedAtWall));
    }

    /** Sends the counts of every open cell counted since it was last sent, and starts it again from zero. */
    private void sendOpenCells() {
        store.takeCounts(Long.MAX_VALUE, this::send);
        sendBatches();
    }

    /** Sends every window that ends at or before {@code time - grace}, with its terminal sets, then the watermark. */
    private void closeThrough(long time) {
        long upTo = Math.floorDiv(time - grace, size) * size;
        if (upTo <= closedUpTo) {
            return;
        }
        Map<String, CubeTerminals.Sets> sets = terminals.take(upTo - size);
        store.takeCounts(upTo - size, (cellStoreKey, counts) -> {
            CubeTerminals.Sets of = sets.remove(cellStoreKey);
            send(cellStoreKey, of == null ? counts : of.into(counts));
        });
        // the cells whose counts all went out while the window was open still send their terminals
        sets.forEach((cell, of) -> send(cell, of.into(new CellCounts())));
        sendBatches();
        closedUpTo = upTo;
        keysByWindow.keySet().removeIf(windowStart -> windowStart + size <= upTo); // their attempts are late now
        saidEmpty = false;
        store.put(CLOSED_UP_TO, bytes(closedUpTo));
        storeLatest();
        context.forward(new Record<>("", new Watermark(source, closedUpTo), closedUpTo));
    }

    /** Adds a cell to the batch of the second stage's partition that merges it; {@link #sendBatches} sends them. */
    private void send(String cellStoreKey, CellCounts counts) {
        long windowStart = CubeStoreKeys.windowStart(cellStoreKey);
        String cellKey = CubeStoreKeys.cellKey(cellStoreKey);
        int partition = CubeMessage.partitionOf(cellKey, partitions);
        Batch batch = batches.computeIfAbsent(partition, Batch::new);
        batch.cells.add(new CubeMessage.Cell(cellKey, windowStart, windowStart + size, counts));
        batch.bytes += 64 + 3 * cellKey.length() + counts.encodedSize();
        batch.time = Math.max(batch.time, windowStart + size);
        if (batch.bytes >= WriteBackStore.BATCH_BYTES) { // the same bound as the store's batches
            forward(batches.remove(partition));
        }
    }

    /** Sends every batch begun, in partition order. */
    private void sendBatches() {
        batches.values().forEach(this::forward);
        batches.clear();
    }

    private void forward(Batch batch) {
        context.forward(new Record<>(
                batch.cells.get(0).cellKey(),
                new Partials(source, batch.partition, partitions, List.copyOf(batch.cells)),
                batch.time));
    }

    /** The cells on their way to one partition of the second stage. */
    private static final class Batch {
        final int partition;
        final List<CubeMessage.Cell> cells = new ArrayList<>();
        int bytes;
        long time = Long.MIN_VALUE;

        Batch(int partition) {
            this.partition = partition;
        }
    }

    /**
     * Writes {@code latest} when the store's is older. Not per attempt: a restored {@code latest} below the one the
     * partition had reached never closes a window earlier. Lateness is judged by {@code closedUpTo}, written at every
     * close, and an attempt closes windows exactly when it is at least a window and the grace past {@code closedUpTo},
     * whatever {@code latest} was; only the idle clock, which runs on from {@code latest}, starts from the older one,
     * older by at most the event time since the last close or idle check (less than a window). It is written when first
     * set, so that a partition that has received attempts never says after a restart that it has received none.
     */
    private void storeLatest() {
        if (latest != storedLatest) {
            store.put(LATEST, bytes(latest));
            storedLatest = latest;
        }
    }

    private long readLong(String key) {
        byte[] value = store.get(key);
        return value == null ? Long.MIN_VALUE : ByteBuffer.wrap(value).getLong();
    }

    static byte[] bytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
