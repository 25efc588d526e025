package dev.posmon.testing;

import dev.posmon.contract.desk.DeskCredential;
import dev.posmon.contract.topic.Topics;
import dev.posmon.security.IssuedTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Desk credentials for tests of a service other than ingest: written to {@code posmon.credentials.v1} exactly as
 * ingest's {@code POST /v1/credentials} writes them (the token's SHA-256, never the token), so that the service under
 * test learns them the way it does in production, by following the topic. The caller awaits the token's recognition.
 */
public final class DeskTokens {

    private DeskTokens() {}

    /** Issues an {@code operator} or {@code support} credential bound to {@code acquirers}; its bearer header value. */
    public static String issue(String bootstrap, String role, String... acquirers) throws Exception {
        String token = IssuedTokens.generate(IssuedTokens.DESK_PREFIX);
        DeskCredential credential = new DeskCredential(
                "desk-" + UUID.randomUUID(),
                role + " of " + String.join(", ", acquirers),
                role,
                List.of(acquirers),
                IssuedTokens.sha256(token),
                Instant.now(),
                null);
        try (KafkaProducer<String, DeskCredential> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.DESK_CREDENTIALS.keySerde().serializer(),
                Topics.DESK_CREDENTIALS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DESK_CREDENTIALS.name(), credential.id(), credential))
                    .get(30, TimeUnit.SECONDS);
        }
        return "Bearer " + token;
    }
}
