package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** ingest-service's HTTP API as the system tests use it: a credential, a registry import, event batches. */
final class IngestClient {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private final ServiceProcess ingest;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IngestClient(ServiceProcess ingest) {
        this.ingest = ingest;
    }

    /** A new ingest credential for the acquirer; returns its API key. */
    String createCredential(String adminToken, String name, String acquirer) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingest.uri("/v1/sources"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("name", name, "acquirer", acquirer)))));
        assertThat(response.statusCode())
                .as("POST /v1/sources: %s", response.body())
                .isEqualTo(201);
        return JSON.readTree(response.body()).get("apiKey").asText();
    }

    /** Imports the terminals as ndjson; every one must be imported. */
    void importTerminals(String apiKey, List<TerminalRecord> terminals) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        for (TerminalRecord terminal : terminals) {
            lines.append(JSON.writeValueAsString(terminal)).append('\n');
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingest.uri("/v1/terminals:import"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())));
        assertThat(response.statusCode())
                .as("POST /v1/terminals:import: %s", response.body())
                .isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("imported").asInt()).as(response.body()).isEqualTo(terminals.size());
        assertThat(result.get("rejected").asInt()).as(response.body()).isZero();
    }

    /** Posts a batch (records or raw JSON objects) that ingest must answer with the given status; returns its answer. */
    JsonNode post(String apiKey, List<?> events, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(ingest.uri("/v1/events"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(events))));
        assertThat(response.statusCode())
                .as("POST /v1/events: %s", response.body())
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    /** Posts a batch every event of which ingest must accept. */
    void postEvents(String apiKey, List<?> events) throws IOException, InterruptedException {
        assertThat(post(apiKey, events, 200).get("accepted").asInt()).isEqualTo(events.size());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
