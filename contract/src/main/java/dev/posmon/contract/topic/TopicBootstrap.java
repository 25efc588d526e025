package dev.posmon.contract.topic;

import dev.posmon.contract.kafka.KafkaClientConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every topic of {@link Topics#ALL} that does not exist yet, with its partitions and configs, and sets
 * the contract's configs on those that exist (a config added to the contract reaches an existing broker).
 * Idempotent. Used by {@code ./posmon up} and by the integration tests' broker resource; production
 * clusters declare the same topics as Strimzi KafkaTopic resources.
 */
public final class TopicBootstrap {

    private TopicBootstrap() {}

    /** On a plaintext listener (the tests' brokers); returns the names of the topics it created. */
    public static List<String> createMissing(String bootstrapServers)
            throws InterruptedException, ExecutionException, TimeoutException {
        return createMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * With those connection settings ({@link KafkaClientConfig}: bootstrap servers and any TLS/SASL settings);
     * returns the names of the topics it created.
     */
    public static List<String> createMissing(Map<String, ?> connection)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(
                KafkaClientConfig.of(connection, Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) -1).configs(topic.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // another process created them between our listing and our request: what we wanted
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<ConfigResource, Collection<AlterConfigOp>> align = new HashMap<>();
            Topics.ALL.stream()
                    .filter(topic ->
                            existing.contains(topic.name()) && !topic.configs().isEmpty())
                    .forEach(topic -> align.put(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                            topic.configs().entrySet().stream()
                                    .map(config -> new AlterConfigOp(
                                            new ConfigEntry(config.getKey(), config.getValue()),
                                            AlterConfigOp.OpType.SET))
                                    .toList()));
            if (!align.isEmpty()) {
                admin.incrementalAlterConfigs(align).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    /**
     * {@code ./posmon up}: the broker of the first argument, else of {@code KAFKA_BOOTSTRAP_SERVERS}, else the local
     * one, with the {@code KAFKA_*} connection settings of the environment.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> connection = KafkaClientConfig.fromEnvironment(args.length > 0 ? args[0] : null);
        connection.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        List<String> created = createMissing(connection);
        System.out.println(
                created.isEmpty() ? "topics: all " + Topics.ALL.size() + " present" : "topics created: " + created);
    }
}
