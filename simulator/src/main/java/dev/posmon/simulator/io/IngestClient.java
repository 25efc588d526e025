package dev.posmon.simulator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.registry.TerminalRecord;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one client of ingest's HTTP API outside ingest's own tests (the simulator, the benchmarks and the system tests
 * use it). As an {@link EventSink}: with the admin token it creates one ingest credential per acquirer
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
            keys.put(acquirer, createCredential("simulated gateway " + acquirer, acquirer, 1_000_000));
        }
        importTerminals(adminToken, terminals);
        awaitKnown(terminals.get(terminals.size() - 1).terminalId());
    }

    public String adminToken() {
        return adminToken;
    }

    /** A new ingest credential for the acquirer ({@code POST /v1/sources}, admin); returns its API key. */
    public String createCredential(String name, String acquirer, Integer eventsPerSecond) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("acquirer", acquirer);
        if (eventsPerSecond != null) {
            request.put("eventsPerSecond", eventsPerSecond);
        }
        return http.json("POST", "/v1/sources", adminToken, request)
                .path("apiKey")
                .asText();
    }

    /**
     * A new desk credential ({@code POST /v1/credentials}, admin): an {@code operator} or {@code support} token bound to
     * the acquirers, recognised by every posmon service once it has read {@code posmon.credentials.v1}; returns the
     * token ({@code pmd_…}, shown in this answer only).
     */
    public String createDeskCredential(String name, String role, List<String> acquirers) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("role", role);
        request.put("acquirers", acquirers);
        return http.json("POST", "/v1/credentials", adminToken, request)
                .path("token")
                .asText();
    }

    /**
     * Imports the terminals ({@code POST /v1/terminals:import}, NDJSON in chunks) with that token (the admin's or an
     * acquirer's key); fails unless ingest imported every one. Safe to call from several threads at once (the bulk
     * import of a benchmark's fleet does).
     */
    public void importTerminals(String token, List<TerminalRecord> terminals) {
        for (int from = 0; from < terminals.size(); from += IMPORT_CHUNK) {
            List<TerminalRecord> chunk = terminals.subList(from, Math.min(terminals.size(), from + IMPORT_CHUNK));
            StringBuilder ndjson = new StringBuilder(chunk.size() * 280);
            try {
                for (TerminalRecord terminal : chunk) {
                    ndjson.append(Http.JSON.writeValueAsString(terminal)).append('\n');
                }
                String body = http.send(
                                "POST",
                                "/v1/terminals:import",
                                token,
                                "application/x-ndjson",
                                ndjson.toString().getBytes(StandardCharsets.UTF_8))
                        .body();
                JsonNode result = Http.JSON.readTree(body);
                if (result.path("rejected").asInt() != 0
                        || result.path("imported").asInt() != chunk.size()) {
                    throw new IllegalStateException("ingest did not import every terminal: " + body);
                }
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What ingest answered a batch: its status and its JSON body. */
    public record Answer(int status, JsonNode body) {}

    /** Posts a batch (records or raw JSON objects) with that key and returns ingest's answer, whatever its status. */
    public Answer post(String apiKey, List<?> events) {
        try {
            HttpResponse<String> response = http.exchange(
                    "POST", "/v1/events", apiKey, "application/json", Http.JSON.writeValueAsBytes(events));
            return new Answer(response.statusCode(), Http.JSON.readTree(response.body()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Posts a batch already encoded as a JSON array, once (no retry, even on 429 or 503), and returns ingest's status:
     * for the benchmarks' load loops, which encode their batches before the clock starts, count every refusal and
     * time each request.
     */
    public int postEncoded(String apiKey, byte[] jsonArray) {
        return http.postOnce("/v1/events", apiKey, "application/json", jsonArray);
    }

    /** Posts a batch every event of which ingest must accept (200). */
    public void postEvents(String apiKey, List<?> events) {
        Answer answer = post(apiKey, events);
        if (answer.status() != 200 || answer.body().path("accepted").asInt() != events.size()) {
            throw new IllegalStateException(
                    "ingest did not accept the whole batch: " + answer.status() + " " + answer.body());
        }
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
