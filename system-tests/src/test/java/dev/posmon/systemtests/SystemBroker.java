package dev.posmon.systemtests;

import dev.posmon.contract.topic.TopicBootstrap;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PosmonScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real broker the system tests run on, with posmon's topics. By default their own single-node KRaft
 * broker on 127.0.0.1:19192 (controller 19193), started through {@code ./posmon kafka start} with its own
 * {@code POSMON_HOME} ({@code system-tests/target/broker}, emptied first) and stopped after the last test
 * class. Own, because these tests assert exact totals of a Kafka Streams application that reads a whole
 * topic: on a shared broker every other producer's attempts reach it (their event times close its windows
 * or are dropped as late), and every other analytics instance reading {@code signon.attempts.v1} emits cube
 * cells for the tests' attempts too.
 * <p>
 * {@code -Dposmon.system-tests.broker=shared} runs them on the shared local broker of the other ITs instead
 * ({@link KafkaTestResource#bootstrapServers()}, 127.0.0.1:9092).
 */
final class SystemBroker implements BeforeAllCallback {

    /** {@code -Dposmon.system-tests.kafka-port=…} moves the own broker (and its controller, one port up), e.g. beside another checkout's. */
    static final String PORT = System.getProperty("posmon.system-tests.kafka-port", "19192");

    static final String CONTROLLER_PORT = String.valueOf(Integer.parseInt(PORT) + 1);

    /** The Kafka clients of the test JVM log every configuration at INFO; kept referenced so the level stays. */
    private static final Logger KAFKA_LOG = Logger.getLogger("org.apache.kafka");

    private static volatile String bootstrap;

    /** Starts the broker (once per test JVM); the JUnit root store stops it when all test classes ran. */
    @Override
    public void beforeAll(ExtensionContext context) {
        KAFKA_LOG.setLevel(Level.WARNING);
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SystemBroker.class, key -> start(), Running.class);
    }

    /** The broker's bootstrap servers; only after {@link #beforeAll} (tests use {@code @ExtendWith(SystemBroker.class)}). */
    static String bootstrap() {
        if (bootstrap == null) {
            throw new IllegalStateException("no broker: annotate the test class with @ExtendWith(SystemBroker.class)");
        }
        return bootstrap;
    }

    private static Running start() {
        if ("shared".equals(System.getProperty("posmon.system-tests.broker"))) {
            bootstrap = KafkaTestResource.bootstrapServers();
            return new Running(null);
        }
        Map<String, String> env = Map.of(
                "POSMON_HOME",
                ServiceProcess.targetDir().resolve("broker").toString(),
                "POSMON_KAFKA_PORT",
                PORT,
                "POSMON_KAFKA_CONTROLLER_PORT",
                CONTROLLER_PORT);
        PosmonScript.run(env, "kafka", "stop");
        deleteRecursively(ServiceProcess.targetDir().resolve("broker").resolve("kafka"));
        PosmonScript.run(env, "kafka", "start");
        String servers = "127.0.0.1:" + PORT;
        try {
            TopicBootstrap.createMissing(servers);
        } catch (Exception e) {
            PosmonScript.run(env, "kafka", "stop");
            throw new IllegalStateException("cannot create posmon topics on " + servers, e);
        }
        bootstrap = servers;
        return new Running(env);
    }

    /** Deletes the topics of a Kafka Streams application (its repartition topics and changelogs). */
    static void deleteInternalTopics(String applicationId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .toList();
            admin.deleteTopics(internal).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot delete the topics of " + applicationId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a directory and what is in it, if it exists. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Stops the own broker when the JUnit root store closes (the shared one is left running). */
    private record Running(Map<String, String> env) implements AutoCloseable {
        @Override
        public void close() {
            if (env != null) {
                PosmonScript.run(env, "kafka", "stop");
            }
        }
    }
}
