package dev.posmon.ingest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.json.ContractJson;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** What the integration tests do through ingest's real HTTP API: credentials, registry records, batches. */
public final class IngestApi {

    public static final String ADMIN = "Bearer test-admin-token";

    private IngestApi() {}

    /** A fresh acquirer name, so that tests never see each other's terminals. */
    public static String newAcquirer() {
        return "ACQ-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an ingest credential and returns its API key as a bearer header value. */
    public static String createSource(String acquirer, Integer eventsPerSecond) {
        ObjectNode body = ContractJson.mapper()
                .createObjectNode()
                .put("name", "test gateway")
                .put("acquirer", acquirer);
        if (eventsPerSecond != null) {
            body.put("eventsPerSecond", eventsPerSecond);
        }
        String key = given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body.toString())
                .post("/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("apiKey");
        return "Bearer " + key;
    }

    /** Issues a desk credential (operator or support) bound to the acquirer and returns its token, without "Bearer ". */
    public static String createDeskCredential(String role, String acquirer) {
        ObjectNode body = ContractJson.mapper()
                .createObjectNode()
                .put("name", "test " + role + " desk")
                .put("role", role);
        body.putArray("acquirers").add(acquirer);
        return given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body.toString())
                .post("/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    public static ObjectNode terminal(String terminalId, String acquirer) {
        return ContractJson.mapper()
                .createObjectNode()
                .put("terminalId", terminalId)
                .put("merchantId", "M-" + terminalId)
                .put("regionCode", "440305")
                .put("model", "P2000")
                .put("vendor", "Acme")
                .put("hostId", "H1")
                .put("acquirer", acquirer)
                .put("networkProfile", "CUP")
                .put("timezone", "Asia/Shanghai")
                .put("merchantStatus", "ACTIVE");
    }

    /** Registers a terminal under the acquirer (as admin) and returns its id. */
    public static String register(String acquirer) {
        String terminalId = "T-" + UUID.randomUUID().toString().substring(0, 13);
        given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(terminal(terminalId, acquirer).toString())
                .put("/v1/terminals/" + terminalId)
                .then()
                .statusCode(200);
        return terminalId;
    }

    public static ObjectNode signOn(String terminalId) {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("type", "signon");
        node.put("eventId", UUID.randomUUID().toString());
        node.put("terminalId", terminalId);
        node.put(
                "occurredAt",
                Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5).toString());
        node.put("hostId", "H1");
        node.put("outcome", "FAILURE");
        node.put("stage", "AUTH");
        node.put("responseCode", "96");
        node.put("latencyMs", 812);
        node.put("attempt", 1);
        node.putObject("network").put("type", "4G").put("carrier", "CMCC").put("signalDbm", -88);
        node.put("appVersion", "3.2.1");
        node.put("firmwareVersion", "FW-7.4");
        return node;
    }

    public static ObjectNode telemetry(String terminalId) {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("type", "telemetry");
        node.put("eventId", UUID.randomUUID().toString());
        node.put("terminalId", terminalId);
        node.put(
                "occurredAt",
                Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3).toString());
        node.put("batteryPct", 77);
        node.put("charging", true);
        node.putObject("network").put("type", "WIFI").put("signalDbm", -60);
        node.put("echoRttMs", 120);
        node.put("printer", "OK");
        node.put("cardReaderErrors", 0);
        node.put("keypadFault", false);
        node.put("tampered", false);
        node.put("freeMemMb", 212);
        node.put("uptimeS", 3600);
        node.put("rebootCount", 2);
        node.put("appVersion", "3.2.1");
        node.put("firmwareVersion", "FW-7.4");
        node.putObject("location").put("lat", 22.54).put("lon", 114.05).put("accuracyM", 30.0);
        return node;
    }

    public static ArrayNode batch(ObjectNode... events) {
        ArrayNode batch = ContractJson.mapper().createArrayNode();
        for (ObjectNode event : events) {
            batch.add(event);
        }
        return batch;
    }

    public static ValidatableResponse post(String bearer, Object body) {
        return given().header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body(body.toString())
                .post("/v1/events")
                .then();
    }
}
