package dev.posmon.bench;

import dev.posmon.contract.kafka.KafkaClientConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * The benchmarks' Kafka clients, configured as the services configure theirs ({@link KafkaClientConfig}): the
 * broker the benchmark was given, and the {@code KAFKA_*} connection settings of the environment (TLS, SASL), so
 * that a benchmark reaches the same cluster as the services it measures.
 */
public final class BenchKafka {

    private BenchKafka() {}

    /** A client's configuration: its own settings on top of the connection settings. */
    public static Map<String, Object> config(String bootstrap, Map<String, ?> own) {
        return KafkaClientConfig.of(KafkaClientConfig.fromEnvironment(bootstrap), own);
    }

    /** An admin client of that broker. */
    public static Admin admin(String bootstrap) {
        return Admin.create(config(bootstrap, Map.of()));
    }

    /**
     * The arguments that give one of Kafka's command-line tools ({@code ConsumerPerformance},
     * {@code ProducerPerformance}) the environment's TLS/SASL settings: {@code option} (the tool's
     * {@code --consumer.config} or {@code --producer.config}) and a temporary properties file holding them; none on
     * a plaintext broker, where the tool's {@code --bootstrap-server} is all it needs.
     */
    static List<String> toolConfig(String bootstrap, String option) throws IOException {
        Map<String, String> connection = KafkaClientConfig.fromEnvironment(bootstrap);
        connection.remove("bootstrap.servers");
        if (connection.isEmpty()) {
            return List.of();
        }
        Properties properties = new Properties();
        properties.putAll(connection);
        Path file = Files.createTempFile("posmon-bench-kafka-", ".properties");
        file.toFile().deleteOnExit();
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "connection settings from KAFKA_* (BenchKafka)");
        }
        return List.of(option, file.toString());
    }
}
