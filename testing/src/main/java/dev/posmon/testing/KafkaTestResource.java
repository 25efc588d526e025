package dev.posmon.testing;

import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.TopicBootstrap;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker every integration test uses, with posmon's topics created. Where a Docker engine
 * exists it is a Testcontainers broker; otherwise the local KRaft broker of {@code ./posmon}, started if
 * it is not running (and left running: {@code ./posmon down} stops it). Dev Services are never relied on.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** The local broker's address; override with -Dposmon.kafka.bootstrap. */
    public static final String LOCAL_BOOTSTRAP = System.getProperty("posmon.kafka.bootstrap", "127.0.0.1:9092");

    private static String bootstrap;
    private static KafkaContainer container;

    @Override
    public Map<String, String> start() {
        String servers = bootstrapServers();
        return Map.of("kafka.bootstrap.servers", servers);
    }

    /** The broker's bootstrap servers, starting it on first use; topics exist when this returns. */
    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            String servers = useDocker() ? startContainer() : startLocal();
            try {
                TopicBootstrap.createMissing(servers);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create posmon topics on " + servers, e);
            }
            bootstrap = servers;
        }
        return bootstrap;
    }

    private static boolean useDocker() {
        if (Boolean.getBoolean("posmon.test.local-kafka")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String startContainer() {
        container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());
        container.start();
        return container.getBootstrapServers();
    }

    private static String startLocal() {
        if (!reachable(LOCAL_BOOTSTRAP)) {
            PosmonScript.run(Map.of(), "kafka", "start");
        }
        return LOCAL_BOOTSTRAP;
    }

    /**
     * Commits offsets for {@code group} at the current end of the topics, so that a consumer (or a Kafka
     * Streams application) of that group reads only what is written from now on, not earlier runs' records.
     */
    public static void startGroupAtEnd(String group, List<String> topics) {
        startGroupAtEnd(bootstrapServers(), group, topics);
    }

    /** {@link #startGroupAtEnd(String, List)} on another broker. */
    public static void startGroupAtEnd(String bootstrap, String group, List<String> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start group " + group + " at the end of " + topics, e);
        }
    }

    /** Writes {@code values} to a contract topic of the tests' broker, each keyed by {@code key}, and waits until all are. */
    public static <K, V> void send(Topic<K, V> topic, Function<V, K> key, List<V> values) {
        send(bootstrapServers(), topic, key, values);
    }

    /** {@link #send(Topic, Function, List)} to another broker. */
    public static <K, V> void send(String bootstrap, Topic<K, V> topic, Function<V, K> key, List<V> values) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (V value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value)));
            }
            producer.flush();
            for (Future<?> each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    /** Whether something accepts TCP connections at host:port. */
    public static boolean reachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        // One broker serves every test class of the run; the container (if any) stops with the JVM.
    }
}
