package dev.posmon.alerting.notify;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes a row to incidents.v1 (key: incident id) with the {@value IdempotencyKey#HEADER} header, and waits for
 * Kafka's acknowledgement at most the request timeout. A record acknowledged after that is sent again with the same
 * key (at least once; the topic is compacted by incident id anyway).
 */
final class TopicSender implements ReceiverWorker.Sender {

    private final Producer<String, IncidentRecord> producer;
    private final DeliverySettings settings;

    TopicSender(Producer<String, IncidentRecord> producer, DeliverySettings settings) {
        this.producer = producer;
        this.settings = settings;
    }

    @Override
    public String send(OutboxStore.Row row, String idempotencyKey) throws InterruptedException {
        IncidentRecord record = Topics.INCIDENTS
                .valueSerde()
                .deserializer()
                .deserialize(Topics.INCIDENTS.name(), row.payload().getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, IncidentRecord> message =
                new ProducerRecord<>(Topics.INCIDENTS.name(), row.incidentId(), record);
        message.headers().add(IdempotencyKey.HEADER, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        try {
            Future<RecordMetadata> ack = producer.send(message);
            ack.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "Kafka did not acknowledge within " + settings.requestTimeout();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
