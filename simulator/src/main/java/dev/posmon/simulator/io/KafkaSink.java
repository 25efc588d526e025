package dev.posmon.simulator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Straight onto the topics, for load beyond what one ingest instance takes: the registry onto
 * {@code terminal.registry.v1}, events onto {@code signon.attempts.v1} and {@code device.telemetry.v1}, keyed
 * by terminal id, as the JSON ingest writes (idempotent producer, acks=all). Skips ingest's checks.
 */
public final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaSink(String bootstrap) {
        this.producer = new KafkaProducer<>(
                KafkaClientConfig.of(
                        KafkaClientConfig.fromEnvironment(bootstrap),
                        Map.of(
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "lz4",
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "posmon-simulator")),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @Override
    public void register(List<TerminalRecord> terminals) {
        terminals.forEach(t -> produce(Topics.TERMINAL_REGISTRY.name(), t.terminalId(), t));
        producer.flush();
        check();
    }

    @Override
    public int send(String acquirer, List<TerminalEvent> events) {
        for (TerminalEvent event : events) {
            produce(
                    event instanceof SignOnAttempt ? Topics.SIGNON_ATTEMPTS.name() : Topics.DEVICE_TELEMETRY.name(),
                    event.terminalId(),
                    event);
        }
        check();
        return 0;
    }

    private void produce(String topic, String key, Object value) {
        try {
            producer.send(
                    new ProducerRecord<>(
                            topic, key.getBytes(StandardCharsets.UTF_8), Http.JSON.writeValueAsBytes(value)),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("the broker did not acknowledge every record", failure.get());
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
        check();
    }
}
