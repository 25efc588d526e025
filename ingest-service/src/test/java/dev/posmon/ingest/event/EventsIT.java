package dev.posmon.ingest.event;

import static dev.posmon.ingest.IngestApi.batch;
import static dev.posmon.ingest.IngestApi.post;
import static dev.posmon.ingest.IngestApi.signOn;
import static dev.posmon.ingest.IngestApi.telemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.IngestApi;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches posted over HTTP land on the real broker: exactly the valid events, field for field, keyed by terminal. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String acquirer;
    private String key;
    private String terminal;

    @BeforeEach
    void gatewayWithOneTerminal() {
        acquirer = IngestApi.newAcquirer();
        key = IngestApi.createSource(acquirer, null);
        terminal = IngestApi.register(acquirer);
    }

    /**
     * The producer compresses with lz4-java's native library (NativeLz4): under Quarkus' class loader Kafka's
     * {@code fastestInstance()} gave the Java fallback, several times slower, 17 % of ingest's CPU.
     */
    @Test
    void recordsAreCompressedByNativeLz4() {
        post(key, batch(signOn(terminal))).statusCode(200);
        assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
    }

    @Test
    void validBatchIsConsumedBackFieldForField() throws Exception {
        ObjectNode attempt = signOn(terminal);
        ObjectNode sample = telemetry(terminal);
        try (var attempts = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.SIGNON_ATTEMPTS);
                var samples = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.DEVICE_TELEMETRY)) {
            post(key, batch(attempt, sample))
                    .statusCode(200)
                    .body("accepted", equalTo(2))
                    .body("rejected", equalTo(0))
                    .body("results.status", contains("ACCEPTED", "ACCEPTED"));

            ConsumerRecord<String, SignOnAttempt> attemptRecord = single(attempts.await(
                    r -> r.value()
                            .eventId()
                            .toString()
                            .equals(attempt.get("eventId").asText()),
                    1,
                    WAIT));
            assertThat(attemptRecord.key()).isEqualTo(terminal);
            assertThat(attemptRecord.value())
                    .isEqualTo(ContractJson.mapper().treeToValue(attempt, SignOnAttempt.class));
            assertThat(ContractJson.mapper().valueToTree(attemptRecord.value()).equals(attempt))
                    .isTrue();
            // marked as validated against the contract's schema, so that analytics need not validate it again
            assertThat(attemptRecord
                            .headers()
                            .lastHeader(ContractSchema.VALIDATED_HEADER)
                            .value())
                    .isEqualTo(ContractSchema.SIGNON_ATTEMPT.mark());

            ConsumerRecord<String, Telemetry> sampleRecord = single(samples.await(
                    r -> r.value()
                            .eventId()
                            .toString()
                            .equals(sample.get("eventId").asText()),
                    1,
                    WAIT));
            assertThat(sampleRecord.key()).isEqualTo(terminal);
            assertThat(sampleRecord.value()).isEqualTo(ContractJson.mapper().treeToValue(sample, Telemetry.class));
            assertThat(sampleRecord
                            .headers()
                            .lastHeader(ContractSchema.VALIDATED_HEADER)
                            .value())
                    .isEqualTo(ContractSchema.TELEMETRY.mark());
        }
    }

    @Test
    void mixedBatchLandsExactlyItsValidPart() {
        ObjectNode good1 = signOn(terminal);
        ObjectNode bad1 = signOn(terminal).put("stage", "WARP");
        ObjectNode good2 = signOn(terminal);
        ObjectNode bad2 = signOn("T-never-registered");
        ObjectNode good3 = signOn(terminal);
        try (var attempts = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.SIGNON_ATTEMPTS)) {
            post(key, batch(good1, bad1, good2, bad2, good3))
                    .statusCode(207)
                    .body("accepted", equalTo(3))
                    .body("rejected", equalTo(2))
                    .body("results.status", contains("ACCEPTED", "REJECTED", "ACCEPTED", "REJECTED", "ACCEPTED"))
                    .body("results[1].reason", equalTo("SCHEMA"))
                    .body("results[1].errors[0].field", equalTo("stage"))
                    .body("results[3].reason", equalTo("NOT_REGISTERED"))
                    .body("results[3].errors[0].field", equalTo("terminalId"));

            Set<String> posted = Set.of(good1, bad1, good2, bad2, good3).stream()
                    .map(e -> e.get("eventId").asText())
                    .collect(Collectors.toSet());
            attempts.await(r -> posted.contains(r.value().eventId().toString()), 3, WAIT);
            List<String> landed = attempts.drain(WAIT).stream()
                    .map(r -> r.value().eventId().toString())
                    .filter(posted::contains)
                    .toList();
            assertThat(landed).containsExactlyInAnyOrder(id(good1), id(good2), id(good3));
        }
    }

    @Test
    void duplicatedEventIdIsAcceptedAgainAndLandsIdentical() {
        ObjectNode attempt = signOn(terminal);
        try (var attempts = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.SIGNON_ATTEMPTS)) {
            post(key, batch(attempt)).statusCode(200).body("results[0].eventId", equalTo(id(attempt)));
            post(key, batch(attempt)).statusCode(200).body("results[0].eventId", equalTo(id(attempt)));

            List<ConsumerRecord<String, SignOnAttempt>> copies =
                    attempts.await(r -> r.value().eventId().toString().equals(id(attempt)), 2, WAIT);
            assertThat(copies).hasSize(2);
            // Same key, same partition, same value: a downstream consumer deduplicating on eventId sees one event.
            assertThat(copies.get(0).partition()).isEqualTo(copies.get(1).partition());
            assertThat(copies.get(0).value()).isEqualTo(copies.get(1).value());
        }
    }

    @Test
    void anEventLandsAsItsPostedBytesOrWithItsTimeNormalisedToUtc() {
        ObjectNode utc = signOn(terminal);
        Instant at = Instant.parse(utc.get("occurredAt").asText());
        ObjectNode shanghai = signOn(terminal)
                .put("occurredAt", at.atOffset(ZoneOffset.ofHours(8)).toString());
        // whitespace, an escaped character and a member order of the gateway's own: what it posted is what lands
        String utcAsPosted = utc.toString()
                .replace("{\"type\"", "{ \"type\"")
                .replace(",\"hostId\":\"H1\"", " ,\n  \"hostId\" : \"\\u00481\"");
        Topic<String, byte[]> raw =
                new Topic<>(Topics.SIGNON_ATTEMPTS.name(), Serdes.String(), Serdes.ByteArray(), 1, Map.of());
        try (var attempts = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), raw)) {
            post(key, "[ " + utcAsPosted + " ,\n" + shanghai + " ]").statusCode(200);

            List<ConsumerRecord<String, byte[]>> landed = attempts.await(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(id(utc))
                            || new String(r.value(), StandardCharsets.UTF_8).contains(id(shanghai)),
                    2,
                    WAIT);
            Map<String, String> byId = landed.stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .collect(Collectors.toMap(json -> json.contains(id(utc)) ? "utc" : "shanghai", json -> json));
            assertThat(byId.get("utc")).isEqualTo(utcAsPosted);
            ObjectNode normalised = shanghai.deepCopy().put("occurredAt", at.toString());
            assertThat(byId.get("shanghai")).isEqualTo(normalised.toString());
        }
    }

    @Test
    void aBatchOfOnlyInvalidEventsIsUnprocessableAndWritesNothing() {
        ObjectNode bad = signOn(terminal).put("outcome", "SOMETIMES");
        try (var attempts = TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.SIGNON_ATTEMPTS)) {
            post(key, batch(bad))
                    .statusCode(422)
                    .body("accepted", equalTo(0))
                    .body("results[0].errors[0].field", equalTo("outcome"));
            assertThat(attempts.drain(WAIT))
                    .noneMatch(r -> r.value().eventId().toString().equals(id(bad)));
        }
    }

    @Test
    void metricsCountAcceptedAndRejectedEventsByTypeAndReason() {
        post(key, batch(signOn(terminal), signOn(terminal).put("stage", "WARP"), telemetry(terminal)))
                .statusCode(207);
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern(
                        "posmon_ingest_events_total\\{reason=\"none\",result=\"accepted\",type=\"signon\"} [1-9]")
                .containsPattern(
                        "posmon_ingest_events_total\\{reason=\"none\",result=\"accepted\",type=\"telemetry\"} [1-9]")
                .containsPattern(
                        "posmon_ingest_events_total\\{reason=\"SCHEMA\",result=\"rejected\",type=\"signon\"} [1-9]")
                .contains(
                        "posmon_ingest_batch_events_bucket",
                        "posmon_ingest_request_seconds_bucket",
                        "posmon_ingest_kafka_send_seconds_bucket");
    }

    @Test
    void openApiDocumentsTheEventsEndpointAndPublishesTheSchemas() {
        RestAssured.get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(
                        "paths.'/v1/events'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("/v1/schemas/event-batch.schema.json"));
        RestAssured.get("/v1/schemas/signon-attempt.schema.json")
                .then()
                .statusCode(200)
                .body("title", equalTo("Sign-on attempt"));
        RestAssured.get("/v1/schemas/nope.schema.json").then().statusCode(404);
    }

    private static String id(ObjectNode event) {
        return event.get("eventId").asText();
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
