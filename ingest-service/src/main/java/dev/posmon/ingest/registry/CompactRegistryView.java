package dev.posmon.ingest.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * The registry as ingest needs it, in about 30 bytes of heap a terminal: per terminal only its acquirer
 * (what the event check and the registry's write permission read), as an index into {@link Acquirers},
 * packed with the offset of the full record in a {@link RecordFile} into one long of a {@link TerminalTable}
 * keyed by the id's {@link TerminalHash}. The full record (for {@code GET /v1/terminals/{id}}) is read from
 * the file. Plain class: fed by the compacted topic and by this replica's own writes.
 *
 * <p><b>Collisions.</b> Every write (update or tombstone) reads the record its slot points at and compares
 * the ids: a different id is a collision, and the newcomer is kept exactly, by id, in a small map consulted
 * first (empty in practice: for 10M terminals the chance of any colliding pair is about 3 × 10^-6). A
 * tombstone for an id that only shares the hash removes nothing. A read of the full record checks its id
 * too. What remains is an unregistered id sharing a registered one's hash: the event check would take it
 * for that terminal (see {@link TerminalTable} for why that is negligible and cannot be aimed).
 */
public final class CompactRegistryView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactRegistryView.class);
    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final int ACQUIRER_BITS = 24;
    private static final long ACQUIRER_MASK = (1L << ACQUIRER_BITS) - 1;
    /** Offsets of up to 2^39 bytes, so that a packed entry is never negative (never {@link TerminalTable#ABSENT}). */
    private static final long MAX_OFFSET = 1L << (63 - ACQUIRER_BITS);

    private final ToLongFunction<String> hash;
    private final TerminalTable table = new TerminalTable();
    private final Acquirers acquirers = new Acquirers();
    private final RecordFile records;
    /** Terminals whose hash another terminal already holds, by exact id. */
    private final Map<String, Long> colliding = new ConcurrentHashMap<>();

    /** @param hash a terminal id's 64-bit hash: {@link TerminalHash#of} */
    public CompactRegistryView(ToLongFunction<String> hash, RecordFile records) {
        this.hash = hash;
        this.records = records;
    }

    /** Applies the latest record of a terminal; null (a tombstone) removes it. One writer at a time. */
    public synchronized void apply(String terminalId, TerminalRecord terminal) {
        long key = hash.applyAsLong(terminalId);
        if (colliding.containsKey(terminalId)) {
            if (terminal == null) {
                colliding.remove(terminalId);
            } else {
                colliding.put(terminalId, entry(terminal));
            }
            return;
        }
        long existing = table.get(key);
        TerminalRecord current = existing == TerminalTable.ABSENT ? null : read(existing);
        if (current != null && !terminalId.equals(current.terminalId())) {
            if (terminal != null) {
                LOG.warnf(
                        "terminal %s shares its 64-bit hash with another registered terminal; kept apart by id",
                        terminalId);
                colliding.put(terminalId, entry(terminal));
            }
            return;
        }
        if (current != null && current.equals(terminal)) {
            return; // this replica's own write coming back from the topic, or the topic read again: the file keeps one
            // copy
        }
        if (terminal == null) {
            table.remove(key);
        } else {
            table.put(key, entry(terminal));
        }
    }

    /** The acquirer of a registered terminal: all the per-event check needs, from memory. */
    public Optional<String> acquirerOf(String terminalId) {
        long entry = lookup(terminalId);
        return entry == TerminalTable.ABSENT
                ? Optional.empty()
                : Optional.of(acquirers.name((int) (entry & ACQUIRER_MASK)));
    }

    /** The full record, read from the record file. */
    public Optional<TerminalRecord> find(String terminalId) {
        long entry = lookup(terminalId);
        if (entry == TerminalTable.ABSENT) {
            return Optional.empty();
        }
        TerminalRecord terminal = read(entry);
        return terminalId.equals(terminal.terminalId()) ? Optional.of(terminal) : Optional.empty();
    }

    public int size() {
        return table.size() + colliding.size();
    }

    /** Slots of the hash table (16 bytes each), for the figures in the README. */
    public int capacity() {
        return table.capacity();
    }

    private long lookup(String terminalId) {
        if (!colliding.isEmpty()) {
            Long entry = colliding.get(terminalId);
            if (entry != null) {
                return entry;
            }
        }
        return table.get(hash.applyAsLong(terminalId));
    }

    private long entry(TerminalRecord terminal) {
        long offset;
        try {
            offset = records.append(JSON.writeValueAsBytes(terminal));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (offset >= MAX_OFFSET) {
            throw new IllegalStateException(
                    "the registry's record file passed " + MAX_OFFSET + " bytes; restart to start it afresh");
        }
        return offset << ACQUIRER_BITS | acquirers.intern(terminal.acquirer());
    }

    private TerminalRecord read(long entry) {
        try {
            return JSON.readValue(records.read(entry >>> ACQUIRER_BITS), TerminalRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        records.close();
    }
}
