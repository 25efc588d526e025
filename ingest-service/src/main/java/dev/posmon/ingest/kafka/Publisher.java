package dev.posmon.ingest.kafka;

import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.kafka.NativeLz4;
import dev.posmon.contract.topic.Topic;
import dev.posmon.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Writes records to Kafka and waits until the broker has acknowledged all of them (acks=all, idempotent
 * producer). A batch is all-or-nothing from the caller's point of view: if any record is not acknowledged
 * in time, {@link KafkaUnavailable} is thrown and the caller reports nothing as accepted. Records of that
 * batch that did land are duplicates when it is posted again, which eventId makes harmless downstream.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final long timeoutMs;
    private final Timer sendTimer;

    public Publisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            IngestConfig config,
            MeterRegistry registry) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "posmon-ingest");
        producerConfig.put(
                ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis());
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // Bound every wait by the request's own deadline so that a dead broker means a prompt 503, not a hung client.
        int timeout = (int) config.sendTimeout().toMillis();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout / 2));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        this.producer = new KafkaProducer<>(
                KafkaClientConfig.of(kafkaConfig, producerConfig),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        LOG.infof(
                "producer: compression %s (lz4: %s), linger %d ms",
                config.compression(), NativeLz4.ensureLoaded(), config.linger().toMillis());
        this.timeoutMs = timeout;
        this.sendTimer = Timer.builder("posmon.ingest.kafka.send")
                .description(
                        "Time from handing a request's records to the producer until Kafka acknowledged all of them")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** One record to write: its topic, key, value (already serialized by the topic's serdes) and headers. */
    public record Outgoing(String topic, byte[] key, byte[] value, List<Header> headers) {

        public Outgoing(String topic, byte[] key, byte[] value) {
            this(topic, key, value, List.of());
        }

        public static <K, V> Outgoing of(Topic<K, V> topic, K key, V value) {
            return new Outgoing(
                    topic.name(),
                    topic.keySerde().serializer().serialize(topic.name(), key),
                    topic.valueSerde().serializer().serialize(topic.name(), value));
        }
    }

    /** Sends all records and returns once Kafka acknowledged every one of them. */
    public void publishAll(List<Outgoing> records) {
        if (records.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        BatchAck acks = new BatchAck(records.size());
        try {
            for (Outgoing record : records) {
                producer.send(
                        new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()),
                        acks);
            }
            long remaining = timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            acks.all.get(Math.max(remaining, 1), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new KafkaUnavailable(
                    "Kafka did not acknowledge: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable("Kafka did not acknowledge within " + timeoutMs + " ms", e);
        } catch (KafkaException e) {
            throw new KafkaUnavailable("Kafka refused the records: " + e.getMessage(), e);
        } finally {
            sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The acknowledgements of one batch, counted down: {@link #all} completes when the last record is acknowledged,
     * or with the first error. One future a batch; a future per record joined by {@code allOf} was 5 % of ingest's
     * CPU (its tree of relays completing one another).
     */
    private static final class BatchAck implements Callback {
        final CompletableFuture<Void> all = new CompletableFuture<>();
        private final AtomicInteger pending;

        BatchAck(int records) {
            this.pending = new AtomicInteger(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                all.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka did not acknowledge in time: the request is answered 503 with Retry-After. */
    public static class KafkaUnavailable extends RuntimeException {
        public KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
