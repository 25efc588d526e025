package dev.posmon.simulator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.registry.TerminalRecord;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real path into posmon: with the admin token it creates one ingest credential per acquirer
 * ({@code POST /v1/sources}, as each acquirer's gateway would have) and imports the fleet
 * ({@code POST /v1/terminals:import}, NDJSON in chunks); events go to {@code POST /v1/events} with the
 * acquirer's API key.
 */
public final class IngestClient implements EventSink {

    /** Records per import request: about 250 bytes each, well under ingest's default 1M body limit. */
    static final int IMPORT_CHUNK = 2_000;

    private final Http http;
    private final String adminToken;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    public IngestClient(URI ingest, String adminToken) {
        this.http = new Http(ingest);
        this.adminToken = adminToken;
    }

    @Override
    public void register(List<TerminalRecord> terminals) {
        for (String acquirer :
                new TreeSet<>(terminals.stream().map(TerminalRecord::acquirer).toList())) {
            JsonNode created = http.json(
                    "POST",
                    "/v1/sources",
                    adminToken,
                    Map.of(
                            "name",
                            "simulated gateway " + acquirer,
                            "acquirer",
                            acquirer,
                            "eventsPerSecond",
                            1_000_000));
            keys.put(acquirer, created.path("apiKey").asText());
        }
        for (int from = 0; from < terminals.size(); from += IMPORT_CHUNK) {
            StringBuilder ndjson = new StringBuilder();
            for (TerminalRecord terminal : terminals.subList(from, Math.min(terminals.size(), from + IMPORT_CHUNK))) {
                try {
                    ndjson.append(Http.JSON.writeValueAsString(terminal)).append('\n');
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
            String body = http.send(
                            "POST",
                            "/v1/terminals:import",
                            adminToken,
                            "application/x-ndjson",
                            ndjson.toString().getBytes(StandardCharsets.UTF_8))
                    .body();
            try {
                JsonNode result = Http.JSON.readTree(body);
                if (result.path("rejected").asInt() != 0) {
                    throw new IllegalStateException("ingest refused terminals of the fleet: " + body);
                }
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        awaitKnown(terminals.get(terminals.size() - 1).terminalId());
    }

    /** Waits (up to a minute) until ingest's registry view holds the last imported terminal. */
    private void awaitKnown(String terminalId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                http.send("GET", "/v1/terminals/" + terminalId, adminToken, null, null);
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "ingest does not know the imported terminal " + terminalId + " after a minute", notYet);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public int send(String acquirer, List<TerminalEvent> events) {
        String key = keys.get(acquirer);
        if (key == null) {
            throw new IllegalStateException("no credential for acquirer " + acquirer + ": register the fleet first");
        }
        try {
            String body = http.send("POST", "/v1/events", key, "application/json", Http.JSON.writeValueAsBytes(events))
                    .body();
            return Http.JSON.readTree(body).path("rejected").asInt();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // the JDK client needs no closing on Java 17
    }
}
