package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.metrics.AlertingMetrics;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.topic.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code signon.cube.v1} and {@code terminal.health.v1} (read_committed: only what analytics'
 * transactions committed), buffers cube cells per window, and hands settled windows to the
 * {@link AlertingService}. Offsets are committed after a window is recorded; a record that does not read
 * is logged and skipped.
 */
@ApplicationScoped
public class CubeConsumer {

    private static final Logger LOG = Logger.getLogger(CubeConsumer.class);

    private final AlertingService service;
    private final Map<String, Object> kafkaConfig;
    private final String groupId;
    private final WindowBuffer buffer;
    private final AlertingMetrics metrics;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public CubeConsumer(AlertingService service, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                        AlertingConfig config, AlertingMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
        this.kafkaConfig = kafkaConfig;
        this.groupId = config.groupId();
        this.buffer = new WindowBuffer(config.windowSettle(), Clock.systemUTC());
    }

    void start(@Observes StartupEvent started) {
        service.restore();
        thread = new Thread(this::run, "cube-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
                 AlertingMetrics.Binding bound = metrics.bind(kafka)) {
                consumer = kafka;
                kafka.subscribe(List.of(Topics.SIGNON_CUBE.name(), Topics.TERMINAL_HEALTH.name()));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        accept(record);
                    }
                    List<WindowBuffer.Window> settled = buffer.settled();
                    for (WindowBuffer.Window window : settled) {
                        service.onWindow(window);
                    }
                    kafka.commitSync();
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "cube consumer failed; reconnecting");
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.SIGNON_CUBE.name())) {
                CubeCell cell = Topics.SIGNON_CUBE.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (cell != null) {
                    boolean accepted = buffer.add(cell);
                    metrics.cubeCell(accepted);
                    if (!accepted) {
                        service.onLateCell(cell);
                    }
                }
            } else {
                TerminalHealth health = Topics.TERMINAL_HEALTH.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (health != null) {
                    service.onHealth(health);
                }
            }
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
