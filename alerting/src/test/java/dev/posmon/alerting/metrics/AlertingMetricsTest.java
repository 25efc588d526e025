package dev.posmon.alerting.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class AlertingMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertingMetrics metrics = new AlertingMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsAcceptedAndLateCubeCellsApart() {
        metrics.cubeCell(true);
        metrics.cubeCell(true);
        metrics.cubeCell(false);
        assertThat(registry.get("posmon.alerting.cube.cells")
                        .tag("result", "accepted")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("posmon.alerting.cube.cells")
                        .tag("result", "late")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void oldestPendingNotificationAgeIsZeroWhenTheOutboxIsDrained() {
        double age = registry.get("posmon.notify.outbox.oldest.pending").gauge().value();
        assertThat(age).isZero();

        metrics.outboxOldestPending(NOW.minusSeconds(90));
        assertThat(registry.get("posmon.notify.outbox.oldest.pending").gauge().value())
                .isEqualTo(90.0);

        metrics.outboxOldestPending(null);
        assertThat(registry.get("posmon.notify.outbox.oldest.pending").gauge().value())
                .isZero();
    }

    @Test
    void bindsTheConsumersKafkaMetricsAndRemovesThemOnClose() {
        // Constructing a consumer does not connect; its client metrics exist from the start.
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                ConsumerConfig.GROUP_ID_CONFIG,
                "alerting-metrics-test",
                ConsumerConfig.CLIENT_ID_CONFIG,
                "cube-consumer-test");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            AlertingMetrics.Binding bound = metrics.bind(consumer);
            assertThat(kafkaConsumerMeters())
                    .isNotEmpty()
                    .allSatisfy(meter ->
                            assertThat(meter.getId().getTag("client.id")).isEqualTo("cube-consumer-test"));
            assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max")
                            .meters())
                    .isNotEmpty();
            bound.close();
            assertThat(kafkaConsumerMeters()).isEmpty();
        }
    }

    private List<Meter> kafkaConsumerMeters() {
        return registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("kafka.consumer."))
                .toList();
    }
}
