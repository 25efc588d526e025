package dev.posmon.simulator.io;

import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.registry.TerminalRecord;
import java.util.List;

/** Where the simulated fleet goes: ingest's API (the real path) or straight onto the topics (load). */
public interface EventSink extends AutoCloseable {

    /** Registers the fleet (before any event). */
    void register(List<TerminalRecord> terminals);

    /**
     * Sends a batch of events of terminals of one acquirer; answers how many were rejected. Thread-safe.
     */
    int send(String acquirer, List<TerminalEvent> events);

    @Override
    void close();
}
