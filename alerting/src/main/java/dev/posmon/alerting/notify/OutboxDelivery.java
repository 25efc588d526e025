package dev.posmon.alerting.notify;

import dev.posmon.alerting.metrics.AlertingMetrics;
import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: each receiver (Alertmanager, the webhook, incidents.v1) has its own {@link ReceiverWorker} on
 * its own thread and schedule, so one that hangs delays nobody else. Per incident and receiver only the newest
 * undelivered row is sent ({@link OutboxOrder}); a row is claimed under a lease before it is sent, so that replicas
 * sharing the database never send one row at once and a replica that dies blocks its rows only until the lease ends.
 * A success marks the row delivered, a failure schedules its retry with exponential backoff. Nothing is lost when a
 * receiver or the database blinks: the newest row stays until a receiver took it (at least once; every
 * notification carries an {@link IdempotencyKey} for receivers to drop repeats). Firing incidents are re-sent on
 * a schedule so that Alertmanager keeps them active.
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    private static final Duration FIRST_ROUND = Duration.ofSeconds(2);

    private final NotifyConfig config;
    private final DeliverySettings settings;
    private final AlertingService service;
    private final MeterRegistry registry;
    private final AtomicLong depth = new AtomicLong();
    private final AlertingMetrics metrics;
    private final OutboxStore store;
    private final KafkaProducer<String, IncidentRecord> producer;
    /** This process among the replicas: the name its claims carry. */
    private final String replica = replicaName();

    private final List<ScheduledExecutorService> workers = new ArrayList<>();
    private final Clock clock;

    public OutboxDelivery(
            NotifyConfig config,
            AlertingService service,
            MeterRegistry registry,
            DataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            AlertingMetrics metrics,
            Clock clock) {
        this.config = config;
        this.clock = clock;
        this.settings = config.delivery();
        this.service = service;
        this.registry = registry;
        this.metrics = metrics;
        this.store = new OutboxStore(dataSource);
        this.producer = new KafkaProducer<>(
                KafkaClientConfig.of(
                        kafkaConfig,
                        Map.of(
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                (int) settings.connectTimeout().toMillis(),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                8_000,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                4_000)),
                Topics.INCIDENTS.keySerde().serializer(),
                Topics.INCIDENTS.valueSerde().serializer());
        registry.gauge("posmon.notify.outbox.depth", depth);
    }

    void start(@Observes StartupEvent started) {
        ReceiverWorker.Outcomes outcomes =
                (receiver, result) -> counter(result, receiver).increment();
        String alertmanager =
                config.alertmanagerUrl().map(HttpSender::alertmanagerUrl).orElse(null);
        String webhook = config.webhookUrl().orElse(null);
        schedule(new ReceiverWorker(
                Notifications.ALERTMANAGER,
                store,
                new HttpSender(alertmanager, false, settings),
                settings,
                clock,
                replica,
                outcomes));
        schedule(new ReceiverWorker(
                Notifications.WEBHOOK,
                store,
                new HttpSender(webhook, true, settings),
                settings,
                clock,
                replica,
                outcomes));
        schedule(new ReceiverWorker(
                Notifications.TOPIC, store, new TopicSender(producer, settings), settings, clock, replica, outcomes));
        LOG.infof(
                "delivering notifications as replica %s (claim lease %s, request timeout %s)",
                replica, settings.claimLease(), settings.requestTimeout());
    }

    private void schedule(ReceiverWorker worker) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "posmon-notify-" + worker.receiver());
            thread.setDaemon(true);
            return thread;
        });
        workers.add(executor);
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        worker.round();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.warnf(
                                "delivery round to %s failed (%s); the rows stay and are tried again",
                                worker.receiver(), e.getMessage());
                    }
                },
                FIRST_ROUND.toMillis(),
                settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void outboxGauges() {
        try {
            depth.set(store.depth());
            metrics.outboxOldestPending(store.oldestPending());
        } catch (RuntimeException e) {
            LOG.debugf("outbox gauges not read: %s", e.getMessage());
        }
    }

    @Scheduled(
            every = "${posmon.notify.resend-interval:PT1M}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resendFiring() {
        try {
            service.resendFiring();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not enqueue the re-send of firing alerts: %s", e.getMessage());
        }
    }

    /** Stops the workers, interrupting sends in flight: their rows' claims lapse after the lease, and they are sent again. */
    @PreDestroy
    void close() {
        workers.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService executor : workers) {
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(2));
    }

    private Counter counter(String result, String receiver) {
        return Counter.builder("posmon.notifications")
                .description("Notifications delivered, failed (an attempt), or superseded by a newer state before "
                        + "delivery, by receiver")
                .tag("result", result)
                .tag("receiver", receiver)
                .register(registry);
    }

    private static String replicaName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "alerting");
        return host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
