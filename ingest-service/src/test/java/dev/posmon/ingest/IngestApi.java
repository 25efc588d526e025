package dev.posmon.ingest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.simulator.behaviour.Events;
import dev.posmon.simulator.behaviour.Fault.Symptom;
import dev.posmon.simulator.fleet.Terminal;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;

/** What the integration tests do through ingest's real HTTP API: credentials, registry records, batches. */
public final class IngestApi {

    public static final String ADMIN = "Bearer test-admin-token";

    private static final ObjectMapper JSON = ContractJson.mapper();

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

    /** The registry record of a test terminal: one shop in Shenzhen, on host H1. */
    public static TerminalRecord record(String terminalId, String acquirer) {
        return new TerminalRecord(
                terminalId,
                "M-" + terminalId,
                "440305",
                "P2000",
                "Acme",
                "H1",
                acquirer,
                "CUP",
                "Asia/Shanghai",
                MerchantStatus.ACTIVE);
    }

    /** {@link #record(String, String)} as the JSON an admin puts, for tests that change a member of it. */
    public static ObjectNode terminal(String terminalId, String acquirer) {
        return JSON.valueToTree(record(terminalId, acquirer));
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

    /**
     * A failed sign-on of the terminal 5 s ago (host H1 answered 96 at the AUTH stage, over 4G), made by the
     * simulator's {@link Events} like every other posmon tool's events, as the JSON object a terminal posts; tests
     * change a member of it to post what no terminal should.
     */
    public static ObjectNode signOn(String terminalId) {
        return wire(Events.signOn(
                UUID.randomUUID(),
                terminalId,
                "H1",
                Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5),
                1,
                new Network(NetworkType._4G, "CMCC", -88),
                "3.2.1",
                "FW-7.4",
                new Symptom(Stage.AUTH, "96", null, null, 812)));
    }

    /** A telemetry sample of the terminal 3 s ago (a healthy terminal on Wi-Fi), made by {@link Events}. */
    public static ObjectNode telemetry(String terminalId) {
        Terminal terminal = new Terminal(
                0,
                record(terminalId, "ACQ-TEST"),
                NetworkType.WIFI,
                null,
                -60,
                "FW-7.4",
                "3.2.1",
                8 * 60,
                8 * 60,
                null);
        return wire(Events.telemetry(
                terminal, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3), new SplittableRandom(), 0));
    }

    /** The event as a terminal posts it: the wire type first, then the contract's members without nulls. */
    private static ObjectNode wire(TerminalEvent event) {
        ObjectNode node = JSON.createObjectNode().put("type", event.type());
        node.setAll((ObjectNode) JSON.valueToTree(event));
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
