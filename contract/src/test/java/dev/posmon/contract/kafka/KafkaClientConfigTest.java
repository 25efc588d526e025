package dev.posmon.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientConfigTest {

    static final Map<String, Object> SASL_SERVICE = Map.of(
            "bootstrap.servers", "kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "ssl.truststore.type", "PKCS12",
            "client.dns.lookup", "use_all_dns_ips",
            "acks", "1", // a producer setting of the service's kafka.*: not a connection setting, the client decides
            "group.id", "someone-elses");

    @Test
    void everyConnectionSettingOfTheServiceReachesTheClientAndItsOwnSettingsStay() {
        Map<String, Object> producer =
                KafkaClientConfig.of(SASL_SERVICE, Map.of("acks", "all", "enable.idempotence", true, "linger.ms", 5));
        assertThat(producer)
                .containsEntry("bootstrap.servers", "kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", SASL_SERVICE.get("sasl.jaas.config"))
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("linger.ms", 5)
                .doesNotContainKey("group.id");
        assertThat(KafkaClientConfig.of(SASL_SERVICE))
                .containsOnlyKeys(
                        "bootstrap.servers",
                        "security.protocol",
                        "sasl.mechanism",
                        "sasl.jaas.config",
                        "ssl.truststore.location",
                        "ssl.truststore.type",
                        "client.dns.lookup");
    }

    @Test
    void aPlaintextServiceGivesTheBootstrapServersAlone() {
        assertThat(KafkaClientConfig.of(Map.of("bootstrap.servers", "127.0.0.1:9092")))
                .containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void aClientMayNotSetAConnectionSettingAndAServiceMustNameItsBrokers() {
        assertThatThrownBy(() -> KafkaClientConfig.of(SASL_SERVICE, Map.of("security.protocol", "PLAINTEXT")))
                .hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> KafkaClientConfig.of(Map.of("security.protocol", "SSL"), Map.of()))
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void aToolReadsTheServicesKafkaVariablesAndItsOwnBootstrapArgumentWins() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.p12",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin");
        Properties system = new Properties();
        system.setProperty("kafka.sasl.mechanism", "SCRAM-SHA-256");
        system.setProperty("kafka.ssl.truststore.type", "PKCS12");
        system.setProperty("java.version", "17");

        assertThat(KafkaClientConfig.fromEnvironment(env, system, null))
                .containsOnly(
                        Map.entry("bootstrap.servers", "kafka-bootstrap:9093"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-256"),
                        Map.entry("ssl.truststore.location", "/etc/kafka/ca.p12"),
                        Map.entry("ssl.truststore.type", "PKCS12"));
        assertThat(KafkaClientConfig.fromEnvironment(env, system, "10.0.0.1:9093"))
                .containsEntry("bootstrap.servers", "10.0.0.1:9093")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aToolWithoutKafkaVariablesGetsItsBootstrapArgumentAloneAndNeedsOne() {
        assertThat(KafkaClientConfig.of(
                        KafkaClientConfig.fromEnvironment(Map.of("HOME", "/root"), new Properties(), "127.0.0.1:9092"),
                        Map.of("acks", "all")))
                .containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:9092"), Map.entry("acks", "all"));
        assertThatThrownBy(
                        () -> KafkaClientConfig.of(KafkaClientConfig.fromEnvironment(Map.of(), new Properties(), "")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }
}
