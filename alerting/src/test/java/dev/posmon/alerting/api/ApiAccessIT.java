package dev.posmon.alerting.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.security.ConfiguredTokenResolver;
import dev.posmon.security.Roles;
import dev.posmon.testing.AccessWalk;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator and admin roles through HTTP: no or an unknown token is 401, the operator token on an admin
 * endpoint 403, the admin token everywhere and the operator token on operator endpoints get through; and a walk of the
 * OpenAPI document that calls every operation with every credential it does not admit.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class ApiAccessIT {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ConfiguredTokenResolver peer;

    static final String ADMIN = "Bearer test-admin-token";
    static final String OPERATOR = "Bearer test-operator-token";

    static RequestSpecification as(String token) {
        RequestSpecification request = given();
        return token.equals("none")
                ? request
                : request.header("Authorization", token.equals("unknown") ? "Bearer not-a-token" : token);
    }

    @ParameterizedTest(name = "{0} {1} with the {2} token: {3}")
    @CsvSource({
        "GET,  /v1/incidents,                      none,                        401",
        "GET,  /v1/incidents,                      unknown,                     401",
        "GET,  /v1/incidents,                      Bearer test-operator-token,  200",
        "GET,  /v1/incidents,                      Bearer test-admin-token,     200",
        "GET,  /v1/incidents/inc-none,             none,                        401",
        "GET,  /v1/incidents/inc-none,             Bearer test-operator-token,  404",
        "GET,  /v1/incidents,                      Bearer test-support-token,   200",
        "GET,  /v1/incidents/inc-none,             Bearer test-support-token,   404",
        "POST, /v1/incidents/inc-none/ack,         Bearer test-support-token,   403",
        "POST, /v1/incidents/inc-none/resolve,     Bearer test-support-token,   403",
        "GET,  /v1/maintenance-windows,            Bearer test-support-token,   403",
        "GET,  /v1/reports/weekly,                 Bearer test-support-token,   403",
        "POST, /v1/incidents/inc-none/ack,         none,                        401",
        "POST, /v1/incidents/inc-none/ack,         unknown,                     401",
        "POST, /v1/incidents/inc-none/ack,         Bearer test-operator-token,  404",
        "POST, /v1/incidents/inc-none/resolve,     Bearer test-operator-token,  404",
        "POST, /v1/incidents/inc-none/resolve,     Bearer test-admin-token,     404",
        "GET,  /v1/maintenance-windows,            none,                        401",
        "GET,  /v1/maintenance-windows,            Bearer test-operator-token,  200",
        "GET,  /v1/maintenance-windows,            Bearer test-admin-token,     200",
        "DELETE, /v1/maintenance-windows/mw-none,  none,                        401",
        "DELETE, /v1/maintenance-windows/mw-none,  unknown,                     401",
        "DELETE, /v1/maintenance-windows/mw-none,  Bearer test-operator-token,  403",
        "DELETE, /v1/maintenance-windows/mw-none,  Bearer test-admin-token,     404",
        "GET,  /v1/reports/weekly,                 none,                        401",
        "GET,  /v1/reports/weekly,                 Bearer test-operator-token,  200",
        "GET,  /v1/reports/weekly,                 Bearer test-admin-token,     200",
    })
    void theRoleMatrix(String method, String path, String token, int status) {
        var response = as(token).request(method, path).then().statusCode(status);
        if (status == 401) {
            response.header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
        if (status == 403 && token.contains("operator")) {
            response.contentType("application/problem+json")
                    .body("detail", equalTo("operator may not call this operation: it needs role admin"));
        }
        if (status == 403 && token.contains("support")) {
            response.contentType("application/problem+json")
                    .body("detail", startsWith("support may not call this operation: it needs role admin"))
                    .body("detail", not(containsString("support,")));
        }
    }

    @Test
    void onlyTheAdminDeclaresAndCancelsMaintenanceWindows() {
        String host = "HA-" + UUID.randomUUID().toString().substring(0, 6);
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Map<String, String> window = Map.of(
                "hostId",
                host,
                "start",
                start.toString(),
                "end",
                start.plus(1, ChronoUnit.HOURS).toString());
        as("none")
                .contentType("application/json")
                .body(window)
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(401);
        as(OPERATOR)
                .contentType("application/json")
                .body(window)
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        as(OPERATOR)
                .get("/v1/maintenance-windows")
                .then()
                .statusCode(200)
                .body("findAll { it.hostId == '" + host + "' }.size()", equalTo(0));

        String id = as(ADMIN)
                .contentType("application/json")
                .body(window)
                .post("/v1/maintenance-windows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(OPERATOR)
                .get("/v1/maintenance-windows")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.hostId", equalTo(host));
        as(OPERATOR).delete("/v1/maintenance-windows/" + id).then().statusCode(403);
        as(OPERATOR)
                .get("/v1/maintenance-windows")
                .then()
                .body("find { it.id == '" + id + "' }.cancelledAt", equalTo(null));
        as(ADMIN)
                .delete("/v1/maintenance-windows/" + id)
                .then()
                .statusCode(200)
                .body("cancelledAt", Matchers.notNullValue());
    }

    @Test
    void theOpenApiDocumentNamesTheRolesOfEachEndpoint() throws Exception {
        JsonNode doc = ContractJson.mapper()
                .readTree(given().accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/paths/~1v1~1maintenance-windows/post/security").toString())
                .isEqualTo("[{\"bearer\":[\"admin\"]}]");
        assertThat(doc.at("/paths/~1v1~1maintenance-windows~1{id}/delete/security")
                        .toString())
                .isEqualTo("[{\"bearer\":[\"admin\"]}]");
        assertThat(doc.at("/paths/~1v1~1maintenance-windows/get/security/0/bearer")
                        .toString())
                .contains("operator", "admin");
        assertThat(doc.at("/paths/~1v1~1incidents~1{id}~1ack/post/security/0/bearer")
                        .toString())
                .contains("operator", "admin");
        assertThat(doc.at("/paths/~1v1~1incidents/get/responses/200").isMissingNode())
                .as("the 200 answer stays documented")
                .isFalse();
        assertThat(doc.at("/paths/~1v1~1incidents/get/responses/401").isMissingNode())
                .isFalse();
        assertThat(doc.at("/paths/~1v1~1maintenance-windows/post/responses/403").isMissingNode())
                .isFalse();
    }

    @Test
    void everyOperationRefusesWhomItDoesNotAdmit() throws Exception {
        AccessWalk walk = new AccessWalk(base.toURI());
        assertThat(walk.operations())
                .as("the walk reads the document")
                .extracting(op -> op.method() + " " + op.path())
                .contains("GET /v1/incidents", "POST /v1/maintenance-windows", "GET /v1/reports/weekly");
        assertThat(walk.violations(
                        Map.of(
                                Roles.ADMIN,
                                "test-admin-token",
                                Roles.OPERATOR,
                                "test-operator-token",
                                Roles.SUPPORT,
                                "test-support-token",
                                Roles.PEER,
                                peer.peerToken().orElseThrow()),
                        Set.of()))
                .isEmpty();
    }
}
