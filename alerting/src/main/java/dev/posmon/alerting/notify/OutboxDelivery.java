package dev.posmon.alerting.notify;

import dev.posmon.alerting.metrics.AlertingMetrics;
import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.OutboxEntry;
import dev.posmon.alerting.store.Repositories;
import static dev.posmon.alerting.store.Blocking.await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.topic.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: per incident and receiver only the newest undelivered row is sent ({@link OutboxOrder});
 * the older ones are marked superseded, so a stale state never follows a newer one (a "firing" retried after its
 * "resolved" would re-open the alert). A success marks the row delivered, a failure schedules its retry with
 * exponential backoff. Nothing is lost when a receiver or the database blinks: the newest row stays until a
 * receiver took it (at least once; Alertmanager collapses repeats of the same labels, and webhook receivers
 * deduplicate by incident id). Firing incidents are re-sent on a schedule so that Alertmanager keeps them active.
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    /** Undelivered rows read per round; more wait for the next (older first, so order holds either way). */
    static final int PENDING_READ = 1000;
    static final int SENDS_PER_ROUND = 100;

    private final Repositories.Outbox outbox;
    private final NotifyConfig config;
    private final AlertingService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry registry;
    private final AtomicLong depth = new AtomicLong();
    private final AlertingMetrics metrics;
    private final KafkaProducer<String, IncidentRecord> producer;
    private final OutboxOrder order = new OutboxOrder(clock);

    public OutboxDelivery(Repositories.Outbox outbox, NotifyConfig config, AlertingService service, MeterRegistry registry,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AlertingMetrics metrics) {
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000),
                Topics.INCIDENTS.keySerde().serializer(), Topics.INCIDENTS.valueSerde().serializer());
        this.outbox = outbox;
        this.config = config;
        this.service = service;
        this.registry = registry;
        registry.gauge("posmon.notify.outbox.depth", depth);
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverDue() {
        try {
            List<OutboxEntry> pending = await(() -> Panache.withSession(() -> outbox.pending(PENDING_READ)));
            Map<Long, OutboxEntry> byId = new HashMap<>();
            pending.forEach(entry -> byId.put(entry.id, entry));
            List<OutboxOrder.Decision> decisions = order.decide(pending.stream()
                    .map(e -> new OutboxOrder.Pending(e.id, e.incidentId, e.receiver, e.nextAttemptAt)).toList());
            supersede(decisions.stream().filter(d -> d.action() == OutboxOrder.Action.SUPERSEDE).toList(), byId);
            decisions.stream().filter(d -> d.action() == OutboxOrder.Action.SEND).limit(SENDS_PER_ROUND)
                    .forEach(d -> deliver(byId.get(d.row().id())));
            depth.set(await(() -> Panache.withSession(() -> outbox.depth())));
            OutboxEntry oldest = await(() -> Panache.withSession(() -> outbox.oldestPending()));
            metrics.outboxOldestPending(oldest == null ? null : oldest.createdAt);
        } catch (RuntimeException e) {
            LOG.warnf("outbox delivery round failed (%s); the rows stay and are tried again", e.getMessage());
        }
    }

    /** Marks the obsolete rows before anything is sent: a stale state must not go out after this round. */
    private void supersede(List<OutboxOrder.Decision> obsolete, Map<Long, OutboxEntry> byId) {
        if (obsolete.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        await(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OutboxOrder.Decision decision : obsolete) {
                chain = chain.chain(() -> outbox.supersede(decision.row().id(), decision.supersededBy(), now)).replaceWithVoid();
            }
            return chain;
        }));
        for (OutboxOrder.Decision decision : obsolete) {
            counter("superseded", byId.get(decision.row().id()).receiver).increment();
            LOG.debugf("notification %d superseded: %s", decision.row().id(), decision.reason());
        }
    }

    @Scheduled(every = "${posmon.notify.resend-interval:PT1M}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resendFiring() {
        try {
            service.resendFiring();
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warnf("could not enqueue the re-send of firing alerts: %s", e.getMessage());
        }
    }

    private void deliver(OutboxEntry entry) {
        if (Notifications.TOPIC.equals(entry.receiver)) {
            record(entry, publish(entry));
            return;
        }
        String url = switch (entry.receiver) {
            case Notifications.ALERTMANAGER -> config.alertmanagerUrl().map(base -> base.replaceAll("/+$", "") + "/api/v2/alerts").orElse(null);
            case Notifications.WEBHOOK -> config.webhookUrl().orElse(null);
            default -> null;
        };
        String error = null;
        if (url == null) {
            error = "no URL configured for receiver " + entry.receiver;
        } else {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(entry.payload)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    error = "HTTP " + response.statusCode() + ": " + response.body();
                }
            } catch (java.io.IOException e) {
                error = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        record(entry, error);
    }

    /** Writes incidents.v1 (key: incident id); null when Kafka acknowledged, else why not. */
    private String publish(OutboxEntry entry) {
        try {
            var record = Topics.INCIDENTS.valueSerde().deserializer().deserialize(Topics.INCIDENTS.name(),
                    entry.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.INCIDENTS.name(), entry.incidentId, record)).get(10, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    private void record(OutboxEntry entry, String error) {
        Instant now = clock.instant();
        String failure = error;
        if (failure == null) {
            counter("delivered", entry.receiver).increment();
        } else {
            counter("failed", entry.receiver).increment();
            LOG.debugf("notification %d to %s failed: %s", entry.id, entry.receiver, failure);
        }
        await(() -> Panache.withTransaction(() -> outbox.findById(entry.id).invoke(row -> {
            row.attempts++;
            if (failure == null) {
                row.deliveredAt = now;
                row.lastError = null;
            } else {
                row.lastError = failure.length() > 1000 ? failure.substring(0, 1000) : failure;
                row.nextAttemptAt = now.plus(backoff(row.attempts));
            }
        })));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }

    Duration backoff(int attempts) {
        long millis = config.initialBackoff().toMillis() << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    private Counter counter(String result, String receiver) {
        return Counter.builder("posmon.notifications").description("Notifications delivered, failed (an attempt), or superseded by a newer state before delivery, by receiver")
                .tag("result", result).tag("receiver", receiver).register(registry);
    }

}
