package dev.posmon.analytics;

import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topic;
import dev.posmon.testing.KafkaTestResource;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The events analytics' integration tests send through the real broker: a registered terminal, an attempt, a send. */
public final class TestEvents {

    private TestEvents() {}

    public static TerminalRecord registered(String terminal, MerchantStatus status) {
        return new TerminalRecord(
                terminal, "M-" + terminal, "440305", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Shanghai", status);
    }

    /** A telemetry sample of a charged terminal on app 3.2.1 and FW-7.4, with what its screen showed. */
    public static Telemetry telemetry(String terminal, Instant at, Telemetry.Display display) {
        return new Telemetry(
                UUID.randomUUID(),
                terminal,
                at,
                80,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "3.2.1",
                "FW-7.4",
                null,
                display);
    }

    public static SignOnAttempt attempt(String terminal, Instant at, Outcome outcome, String code) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                terminal,
                at,
                "H1",
                outcome,
                outcome == Outcome.SUCCESS ? Stage.COMPLETE : Stage.AUTH,
                code,
                null,
                null,
                700,
                1,
                new Network(Network.NetworkType._4G, "CMCC", -75),
                "3.2.1",
                "FW-7.4",
                null);
    }

    public static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        send(KafkaTestResource.bootstrapServers(), topic, key, value);
    }

    /** To a broker of the test's own (on its plaintext listener). */
    public static <V> void send(String bootstrap, Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
