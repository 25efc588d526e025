package dev.posmon.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The packaged service starts and reports itself healthy, live and ready. */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StreamsRunResource.class)
class HealthIT {

    @Test
    void packagedServiceAnswersHealthAndMetrics() {
        // live once Kafka Streams has started, ready only once it is RUNNING (StreamsReadiness)
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP")));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'kafka-streams-running' }.data.state", equalTo("RUNNING")));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
