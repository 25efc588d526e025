package dev.posmon.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the fleet and the traffic to Kafka exactly as ingest writes events: key terminalId, the contract JSON with
 * ingest's validation header, an idempotent acks=all producer with ingest's settings.
 */
final class BenchProducer {

    private BenchProducer() {}

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "posmon-bench-analytics");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, BenchTraffic.env("POSMON_INGEST_COMPRESSION", "lz4"));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(
                BenchKafka.config(bootstrap, config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static final class SendErrors implements Callback {
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        }

        void check(String what) {
            if (failed.get() > 0) {
                throw new IllegalStateException(
                        failed.get() + " " + what + " records were not acknowledged", first.get());
            }
        }
    }

    /**
     * Events carry ingest's mark that they passed the contract's schema ({@link ContractSchema#VALIDATED_HEADER}), as ingest
     * writes them: {@link #checkAgainstContract} has checked that what this generator writes passes it.
     */
    static <V> void send(
            KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value, SendErrors errors) {
        byte[] bytes;
        try {
            bytes = BenchTraffic.INGEST_JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ContractSchema schema = value instanceof SignOnAttempt
                ? ContractSchema.SIGNON_ATTEMPT
                : value instanceof Telemetry ? ContractSchema.TELEMETRY : null;
        List<Header> headers =
                schema == null ? List.of() : List.of(new RecordHeader(ContractSchema.VALIDATED_HEADER, schema.mark()));
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, topic.keySerde().serializer().serialize(topic.name(), key), bytes, headers),
                errors);
    }

    static void registerFleet(KafkaProducer<byte[], byte[]> producer, int terminals) {
        SendErrors errors = new SendErrors();
        for (int i = 0; i < terminals; i++) {
            TerminalRecord record = BenchTraffic.terminal(i);
            send(producer, Topics.TERMINAL_REGISTRY, record.terminalId(), record, errors);
        }
        producer.flush();
        errors.check("registry");
    }

    record Produced(long attempts, long telemetry, long nanos, Instant firstOccurred, Instant lastOccurred) {}

    /**
     * The sign-on attempts, in increasing occurredAt over the {@link #span} before now, from terminals picked at random:
     * ~92 % SUCCESS; failures are host answers (91, 96, A0, 03, 90) or transport errors (CONNECT_TIMEOUT,
     * READ_TIMEOUT) on weak or strong signal. After telemetryPct % of them, a telemetry sample of a random terminal.
     */
    static Produced produceStream(
            KafkaProducer<byte[], byte[]> producer, long events, int terminals, int telemetryPct) {
        SplittableRandom random = new SplittableRandom(); // a new seed each run: fresh eventIds, as a real fleet's
        SendErrors errors = new SendErrors();
        Instant end = Instant.now();
        long spanMs = BenchTraffic.span(events).toMillis();
        long startMs = end.toEpochMilli() - spanMs;
        long telemetry = 0;
        long progressEvery = Math.max(1, events / 10);
        long t0 = System.nanoTime();
        for (long i = 0; i < events; i++) {
            Instant occurredAt = Instant.ofEpochMilli(startMs + (long) ((double) i / events * spanMs));
            int t = random.nextInt(terminals);
            send(
                    producer,
                    Topics.SIGNON_ATTEMPTS,
                    BenchTraffic.terminalId(t),
                    BenchTraffic.attempt(t, occurredAt, random),
                    errors);
            if (random.nextInt(100) < telemetryPct) {
                int u = random.nextInt(terminals);
                send(
                        producer,
                        Topics.DEVICE_TELEMETRY,
                        BenchTraffic.terminalId(u),
                        BenchTraffic.telemetry(u, occurredAt, random),
                        errors);
                telemetry++;
            }
            if ((i + 1) % progressEvery == 0) {
                System.out.printf(
                        "  produced %,d / %,d (%.0f /s)%n", i + 1, events, (i + 1) * 1e9 / (System.nanoTime() - t0));
            }
        }
        producer.flush();
        long nanos = System.nanoTime() - t0;
        errors.check("event");
        return new Produced(events, telemetry, nanos, Instant.ofEpochMilli(startMs), end);
    }
}
