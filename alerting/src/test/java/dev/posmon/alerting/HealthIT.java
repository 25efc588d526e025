package dev.posmon.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The packaged service starts and reports itself healthy, live and ready. */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HealthIT {

    @Test
    void packagedServiceAnswersHealthAndMetrics() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
