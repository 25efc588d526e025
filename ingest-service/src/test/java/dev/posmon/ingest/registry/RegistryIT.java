package dev.posmon.ingest.registry;

import static dev.posmon.ingest.IngestApi.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.IngestApi;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The registry API writes the compacted topic analytics reads, and reads its own writes back. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** RestAssured turns the colon of this path into a different request; the JDK client sends it as it is. */
    @TestHTTPResource("/v1/terminals:import")
    URL importUrl;

    @Test
    void upsertIsVisibleInTheCompactedTopic() throws Exception {
        String acquirer = IngestApi.newAcquirer();
        try (var registry = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.TERMINAL_REGISTRY)) {
            String terminalId = IngestApi.register(acquirer);
            given().header("Authorization", ADMIN)
                    .contentType(ContentType.JSON)
                    .body(IngestApi.terminal(terminalId, acquirer)
                            .put("merchantStatus", "FROZEN")
                            .toString())
                    .put("/v1/terminals/" + terminalId)
                    .then()
                    .statusCode(200)
                    .body("merchantStatus", equalTo("FROZEN"));

            List<ConsumerRecord<String, TerminalRecord>> records =
                    registry.await(r -> r.key().equals(terminalId), 2, WAIT);
            assertThat(records)
                    .extracting(r -> r.value().merchantStatus())
                    .containsExactly(TerminalRecord.MerchantStatus.ACTIVE, TerminalRecord.MerchantStatus.FROZEN);
            assertThat(records.get(1).value().province()).isEqualTo("440000");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TERMINAL_REGISTRY.name());
            Config config = admin.describeConfigs(List.of(topic))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("segment.ms").value())
                    .as("segments roll, so the cleaner can compact them")
                    .isEqualTo("3600000");
        }
    }

    @Test
    void readsARecordBackAndAnswers404ForAnUnknownOne() {
        String acquirer = IngestApi.newAcquirer();
        String terminalId = IngestApi.register(acquirer);
        given().header("Authorization", ADMIN)
                .get("/v1/terminals/" + terminalId)
                .then()
                .statusCode(200)
                .body("acquirer", equalTo(acquirer))
                .body("regionCode", equalTo("440305"));
        given().header("Authorization", ADMIN)
                .get("/v1/terminals/T-nobody")
                .then()
                .statusCode(404);
    }

    @Test
    void anInvalidRecordIs422NamingTheField() {
        given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(IngestApi.terminal("T-bad-region", "ACQ")
                        .put("regionCode", "44")
                        .toString())
                .put("/v1/terminals/T-bad-region")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("regionCode"));
    }

    @Test
    void bulkImportTakesCsvAndJsonLinesAndReportsBadLines() throws Exception {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, null);
        String csv =
                "terminalId,merchantId,regionCode,model,vendor,hostId,acquirer,networkProfile,timezone,merchantStatus\n"
                        + "C-" + acquirer + "-1,M1,110105,P2000,Acme,H2," + acquirer + ",CUP,Asia/Shanghai,ACTIVE\n"
                        + "C-" + acquirer + "-2,M1,110105,P2000,Acme,H2,OTHER-ACQ,CUP,Asia/Shanghai,ACTIVE\n";
        JsonNode csvResult = importBody(key, "text/csv", csv, 200);
        assertThat(csvResult.get("imported").asInt()).isEqualTo(1);
        assertThat(csvResult.get("rejected").asInt()).isEqualTo(1);
        assertThat(csvResult.at("/errors/0/line").asInt()).isEqualTo(3);

        String lines = IngestApi.terminal("J-" + acquirer + "-1", acquirer) + "\n"
                + IngestApi.terminal("J-" + acquirer + "-2", acquirer) + "\n";
        JsonNode linesResult = importBody(key, "application/x-ndjson", lines, 200);
        assertThat(linesResult.get("imported").asInt()).isEqualTo(2);
        assertThat(linesResult.get("rejected").asInt()).isEqualTo(0);

        given().header("Authorization", key)
                .get("/v1/terminals/C-" + acquirer + "-1")
                .then()
                .statusCode(200);
        given().header("Authorization", key)
                .get("/v1/terminals/J-" + acquirer + "-2")
                .then()
                .statusCode(200);
        given().header("Authorization", ADMIN)
                .get("/v1/terminals/C-" + acquirer + "-2")
                .then()
                .statusCode(404);
    }

    private JsonNode importBody(String bearer, String contentType, String body, int status) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(importUrl.toURI())
                                .header("Authorization", bearer)
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return ContractJson.mapper().readTree(response.body());
    }
}
