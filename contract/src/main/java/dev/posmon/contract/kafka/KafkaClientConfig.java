package dev.posmon.contract.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The one way posmon's services configure a Kafka client (producer, consumer, admin): the connection settings of the
 * service's {@code kafka.*} configuration (bootstrap servers, and every {@code security.*}, {@code ssl.*} and
 * {@code sasl.*} setting, so that a TLS or SASL listener such as a production Strimzi one works for every client
 * alike), then the client's own settings on top. A client's own setting never overrides a connection setting, and a
 * connection setting the client did not ask for is never dropped. Plain class.
 */
public final class KafkaClientConfig {

    /** Settings that say how to reach and authenticate to the cluster, besides the prefixes below. */
    private static final Set<String> CONNECTION_KEYS = Set.of(
            "bootstrap.servers",
            "client.dns.lookup",
            "connections.max.idle.ms",
            "reconnect.backoff.ms",
            "reconnect.backoff.max.ms",
            "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms",
            "metadata.recovery.strategy");

    private static final String[] CONNECTION_PREFIXES = {"security.", "ssl.", "sasl."};

    private KafkaClientConfig() {}

    /** Whether a setting says how to reach or authenticate to the cluster. */
    public static boolean isConnectionSetting(String key) {
        if (CONNECTION_KEYS.contains(key)) {
            return true;
        }
        for (String prefix : CONNECTION_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client's configuration: {@code own} settings, and the connection settings of {@code service} (a service's
     * {@code kafka.*} configuration without the prefix, as Quarkus gives it as {@code default-kafka-broker}).
     *
     * @throws IllegalArgumentException when {@code service} has no bootstrap servers, or {@code own} sets a connection
     *                                  setting (it would silently win over the operator's)
     */
    public static Map<String, Object> of(Map<String, ?> service, Map<String, ?> own) {
        NativeLz4.ensureLoaded(); // before the client that this configures exists
        Object bootstrap = service.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set (KAFKA_BOOTSTRAP_SERVERS)");
        }
        Map<String, Object> config = new HashMap<>();
        own.forEach((key, value) -> {
            if (isConnectionSetting(key)) {
                throw new IllegalArgumentException(
                        key + " is a connection setting: it comes from kafka.* of the service, not from a client");
            }
            config.put(key, value);
        });
        service.forEach((key, value) -> {
            if (isConnectionSetting(key) && value != null) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** The connection settings alone: for an admin client that needs nothing else. */
    public static Map<String, Object> of(Map<String, ?> service) {
        return of(service, Map.of());
    }

    /**
     * The connection settings of a tool outside the services (the simulator, the benchmarks, the topic bootstrap of
     * {@code ./posmon up}), read from its environment as Quarkus reads a service's {@code kafka.*} configuration, so
     * that the same {@code KAFKA_*} variables take every posmon process to a TLS or SASL cluster: the environment
     * variable {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}, the system property
     * {@code kafka.sasl.jaas.config} wins over it. Pass the result to {@link #of(Map, Map)}.
     *
     * @param bootstrapServers the tool's own argument, which wins over {@code KAFKA_BOOTSTRAP_SERVERS}; null or blank
     *                         to take that variable
     */
    public static Map<String, String> fromEnvironment(String bootstrapServers) {
        return fromEnvironment(System.getenv(), System.getProperties(), bootstrapServers);
    }

    /**
     * {@link #fromEnvironment(String)} from the given variables and properties; only connection settings are kept
     * (an unrelated {@code KAFKA_HEAP_OPTS} is not a client setting).
     */
    static Map<String, String> fromEnvironment(Map<String, String> env, Properties system, String bootstrapServers) {
        Map<String, String> settings = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                settings.put(
                        name.substring("KAFKA_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        system.stringPropertyNames().stream()
                .filter(name -> name.startsWith("kafka."))
                .forEach(name -> settings.put(name.substring("kafka.".length()), system.getProperty(name)));
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            settings.put("bootstrap.servers", bootstrapServers);
        }
        settings.keySet().removeIf(key -> !isConnectionSetting(key));
        return settings;
    }
}
