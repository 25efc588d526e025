package dev.posmon.analytics.diagnosis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.analytics.StreamsRunResource;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 400, never 500: analytics' endpoint called with parameters and headers no client should send — over-long and
 * control-character terminal ids, languages that are none, Accept-Language weights that do not read, a forwarding
 * header from outside — answers below 500 once the state stores are queryable (a 503 before that is the honest
 * answer), and a 400 is a problem naming the field.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StreamsRunResource.class)
class HostileInputIT {

    static final String ADMIN = "Bearer test-admin-token";
    /** Longer than any terminal id, shorter than the longest request line (4 KiB: a longer one is a 414). */
    static final String LONG = "x".repeat(1500);

    /** path (encoded), Accept-Language, X-Posmon-Forwarded, the field a 400 must name (null: any field). */
    static Stream<Arguments> calls() {
        String diagnosis = "/v1/terminals/T-HOSTILE/diagnosis";
        return Stream.of(
                Arguments.of("/v1/terminals/" + LONG + "/diagnosis", null, null, null),
                Arguments.of("/v1/terminals/%00/diagnosis", null, null, null),
                Arguments.of("/v1/terminals/%FF%FE%C3/diagnosis", null, null, null),
                Arguments.of("/v1/terminals/%E2%80%AE%F0%9F%92%B3/diagnosis", null, null, null),
                Arguments.of("/v1/terminals/..%2F..%2Fq%2Fhealth/diagnosis", null, null, null),
                Arguments.of(diagnosis + "?lang=" + LONG, null, null, "lang"),
                Arguments.of(diagnosis + "?lang=%00", null, null, "lang"),
                Arguments.of(diagnosis + "?lang=+999999", null, null, "lang"),
                Arguments.of(diagnosis + "?lang=zh-CN&lang=en&lang=fr", null, null, null),
                Arguments.of(diagnosis, "%%%;q=x", null, null),
                Arguments.of(diagnosis, "zh-CN;q=99999999999999999999", null, null),
                Arguments.of(diagnosis, "*;q=-1, en;q=NaN", null, null),
                Arguments.of(diagnosis, LONG, null, null),
                Arguments.of(diagnosis, null, LONG, null),
                Arguments.of(diagnosis, null, "true", null),
                Arguments.of(
                        diagnosis + "?since=%2B999999-01-01T00:00:00Z&limit=99999999999999999999", null, null, null));
    }

    /** The stores take a moment after start; until then 503 is the answer, and it is not what this test is about. */
    @BeforeEach
    void storesQueryable() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> given().header("Authorization", ADMIN)
                                .get("/v1/terminals/T-NOBODY/diagnosis")
                                .statusCode()
                        != 503);
    }

    @ParameterizedTest(name = "{0} Accept-Language={1} forwarded={2}")
    @MethodSource("calls")
    void aHostileCallIsAnsweredBelow500AndA400NamesTheField(
            String path, String acceptLanguage, String forwarded, String field) {
        var request = given().urlEncodingEnabled(false).header("Authorization", ADMIN);
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        if (forwarded != null) {
            request.header(DiagnosisResource.FORWARDED, forwarded);
        }
        Response answer = request.get(path);
        String shown = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        String said = answer.asString().length() > 400 ? answer.asString().substring(0, 400) + "…" : answer.asString();
        assertThat(answer.statusCode()).as("%s answered %s", shown, said).isLessThan(500);
        if (answer.statusCode() == 400) {
            assertThat(answer.contentType()).as(said).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getInt("status")).isEqualTo(400);
            assertThat(answer.jsonPath().getString("field")).as(said).isNotBlank();
            if (field != null) {
                assertThat(answer.jsonPath().getString("field")).as(said).isEqualTo(field);
            }
        } else if (field != null) {
            assertThat(answer.statusCode())
                    .as("%s should be a 400 naming %s, answered %s", shown, field, said)
                    .isEqualTo(400);
        }
    }
}
