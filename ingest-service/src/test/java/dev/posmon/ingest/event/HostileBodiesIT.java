package dev.posmon.ingest.event;

import static dev.posmon.ingest.IngestApi.batch;
import static dev.posmon.ingest.IngestApi.post;
import static dev.posmon.ingest.IngestApi.signOn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.ingest.IngestApi;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * 10,000 malformed or hostile bodies, generated with jqwik's arbitraries from a fixed seed (printed, so a
 * failure can be replayed): truncated JSON, huge numbers, deep nesting, invalid UTF-8, control characters,
 * wrong content types, mutated events. Not one may be answered 5xx, and the service must stay healthy and
 * keep accepting good events.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HostileBodiesIT {

    private static final int BODIES = 10_000;
    private static final long SEED = Long.getLong("posmon.fuzz.seed", 20261126L);

    @TestHTTPResource("/v1/events")
    URL events;

    /** One hostile request: what it is, its content type (null: none) and its bytes. */
    record Hostile(String kind, String contentType, byte[] body) {}

    @Test
    void tenThousandHostileBodiesGetNo5xxAndTheServiceStaysHealthy() throws Exception {
        String acquirer = IngestApi.newAcquirer();
        String key = IngestApi.createSource(acquirer, 1_000_000);
        String terminal = IngestApi.register(acquirer);
        String valid = batch(signOn(terminal), signOn(terminal)).toString();

        // Arbitraries outside a jqwik property need a session; the seeded Random makes the run repeatable.
        JqwikSession.start();
        List<Hostile> bodies = new ArrayList<>(BODIES);
        try {
            var generator = hostile(valid).generator(1000);
            Random random = new Random(SEED);
            for (int i = 0; i < BODIES; i++) {
                bodies.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < BODIES; i++) {
            Hostile hostile = bodies.get(i);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(events.toString()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", key)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
            if (hostile.contentType() != null) {
                request.header("Content-Type", hostile.contentType());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(hostile.kind(), kind -> new TreeMap<>())
                    .merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 && failures.size() < 10) {
                failures.add(hostile.kind() + " #" + i + " -> " + response.statusCode() + " " + response.body()
                        + " body: "
                        + new String(
                                hostile.body(), 0, Math.min(200, hostile.body().length), StandardCharsets.ISO_8859_1));
            }
        }
        System.out.println("hostile bodies (seed " + SEED + "), status counts by kind: " + statuses);

        assertThat(failures).as("5xx answers").isEmpty();
        assertThat(statuses.get("invalid utf-8"))
                .as("malformed UTF-8 is refused whole")
                .containsOnlyKeys(400);
        assertThat(statuses.get("deep nesting")).containsOnlyKeys(400);
        assertThat(statuses.get("truncated")).containsOnlyKeys(400);
        assertThat(statuses.values().stream()
                        .mapToInt(counts -> counts.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .sum())
                .isEqualTo(BODIES);
        given().get("/q/health/ready").then().statusCode(200);
        ObjectNode good = signOn(terminal);
        post(key, batch(good))
                .statusCode(200)
                .body("results[0].eventId", equalTo(good.get("eventId").asText()));
    }

    private static Arbitrary<Hostile> hostile(String valid) {
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, valid.length() - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, cut.map(at -> json("truncated", valid.substring(0, at)))),
                net.jqwik.api.Tuple.of(2, hugeNumbers(valid)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(17, 20_000)
                                .map(depth -> json("deep nesting", "[".repeat(depth) + "]".repeat(depth)))),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(17, 5_000)
                                .map(depth -> json(
                                        "deep objects",
                                        "[" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "]"))),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofMinSize(0)
                                .ofMaxSize(2_000)
                                .map(bytes -> new Hostile("random bytes", "application/json", bytes))),
                net.jqwik.api.Tuple.of(2, badUtf8(valid)),
                net.jqwik.api.Tuple.of(2, controlCharacters(valid)),
                net.jqwik.api.Tuple.of(2, wrongContentTypes(valid)),
                net.jqwik.api.Tuple.of(4, mutatedEvents(valid)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.strings().all().ofMaxLength(300).map(text -> json("random text", text))),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(60_000, 200_000)
                                .map(length -> json(
                                        "huge string",
                                        "[{\"type\":\"signon\",\"eventId\":\"" + "x".repeat(length) + "\"}]"))),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                        "[]",
                                        "[null]",
                                        "[[]]",
                                        "null",
                                        "0",
                                        "\"\"",
                                        "{}",
                                        "[1,2,3]",
                                        "[true]",
                                        "[{\"type\":\"signon\",\"type\":\"telemetry\"}]",
                                        "[{}]",
                                        "\uFEFF[]",
                                        "[]garbage",
                                        "[] []")
                                .map(text -> json("odd", text))));
    }

    private static Hostile json(String kind, String text) {
        return new Hostile(kind, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Arbitrary<Hostile> hugeNumbers(String valid) {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.integers().between(20, 5_000).map(digits -> "9".repeat(digits)),
                Arbitraries.of(
                        "1e999999",
                        "-1e-999999",
                        "1.7976931348623157e309",
                        "-0.0",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "01",
                        "1.",
                        new BigInteger("2").pow(200).toString()));
        return number.map(n -> json(
                "huge number",
                valid.replaceFirst("\"latencyMs\":\\d+", Matcher.quoteReplacement("\"latencyMs\":" + n))));
    }

    private static Arbitrary<Hostile> badUtf8(String valid) {
        Arbitrary<byte[]> garbage = Arbitraries.of(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF0, (byte) 0x90, (byte) 0x80},
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0xAF});
        return Combinators.combine(Arbitraries.integers().between(1, valid.length() - 1), garbage)
                .as((at, bad) -> {
                    byte[] text = valid.getBytes(StandardCharsets.UTF_8);
                    byte[] body = new byte[text.length + bad.length];
                    System.arraycopy(text, 0, body, 0, at);
                    System.arraycopy(bad, 0, body, at, bad.length);
                    System.arraycopy(text, at, body, at + bad.length, text.length - at);
                    return new Hostile("invalid utf-8", "application/json", body);
                });
    }

    private static Arbitrary<Hostile> controlCharacters(String valid) {
        return Combinators.combine(
                        Arbitraries.integers().between(1, valid.length() - 1),
                        Arbitraries.chars().range('\u0000', '\u001F'))
                .as((at, c) -> json("control character", valid.substring(0, at) + c + valid.substring(at)));
    }

    private static Arbitrary<Hostile> wrongContentTypes(String valid) {
        return Arbitraries.of(
                        "text/plain",
                        "application/xml",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "application/json; charset=UTF-16",
                        "application/json; charset=nonsense",
                        "*/*",
                        "application",
                        null)
                .map(type -> new Hostile("content type " + type, type, valid.getBytes(StandardCharsets.UTF_8)));
    }

    /** A valid batch with one field of its first event given a value of the wrong kind. */
    private static Arbitrary<Hostile> mutatedEvents(String valid) {
        Arbitrary<String> field = Arbitraries.of(
                "type",
                "eventId",
                "terminalId",
                "occurredAt",
                "hostId",
                "outcome",
                "stage",
                "responseCode",
                "latencyMs",
                "attempt",
                "network",
                "appVersion",
                "firmwareVersion",
                "operatorId",
                "unknownField");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "-1",
                        "1.5",
                        "\"\"",
                        "\"\\u0000\"",
                        "\"2026-13-45T99:99:99Z\"",
                        "\"9999-12-31T23:59:59Z\"",
                        "\"0001-01-01T00:00:00Z\"",
                        "[[[[[[]]]]]]",
                        "{\"type\":\"6G\"}",
                        "\"\\uD800\""),
                Arbitraries.strings()
                        .all()
                        .ofMaxLength(80)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return Combinators.combine(field, value)
                .as((name, v) -> json(
                        "mutated " + name,
                        valid.replaceFirst("\\{", Matcher.quoteReplacement("{\"" + name + "\":" + v + ","))));
    }
}
