package dev.posmon.analytics.event;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The event topics' decoders, one chosen per record by the topic it was read from (the two topics share one source).
 * A valid record gives its event; a poison record gets dead-letter headers naming the reason and where it came from,
 * and goes to the dead-letter topic with its bytes as they came. Ingest's {@link ContractSchema#VALIDATED_HEADER} is
 * read here and removed, from the valid and the poison records alike. Plain class.
 */
public final class Decoders {

    public static final String REASON = "posmon.dlq.reason";
    public static final String TOPIC = "posmon.dlq.topic";
    public static final String PARTITION = "posmon.dlq.partition";
    public static final String OFFSET = "posmon.dlq.offset";

    private final Decoder<SignOnAttempt> attempts;
    private final Decoder<Telemetry> telemetry;

    public Decoders(Decoder<SignOnAttempt> attempts, Decoder<Telemetry> telemetry) {
        this.attempts = attempts;
        this.telemetry = telemetry;
    }

    /**
     * The record's event, or null when it is poison: then {@code headers} say why and where it came from.
     *
     * @param headers the record's own: the mark is removed from them, and a poison record's reason added
     */
    public TerminalEvent decode(String topic, int partition, long offset, String key, byte[] value, Headers headers) {
        Decoder<? extends TerminalEvent> decoder = decoderOf(topic);
        Header mark = headers.lastHeader(ContractSchema.VALIDATED_HEADER);
        Decoded<? extends TerminalEvent> decoded = decoder.decode(key, value, mark == null ? null : mark.value());
        // the mark vouches for this value against the event schema only: it must not travel on to other topics
        headers.remove(ContractSchema.VALIDATED_HEADER);
        if (decoded.isValid() && !decoded.value().occurredAt().isBefore(Instant.EPOCH)) {
            return decoded.value();
        }
        // valid by the contract, but a record's time cannot be before 1970: as its time it would stop the stream thread
        String reason = decoded.isValid()
                ? "occurredAt " + decoded.value().occurredAt()
                        + " is before 1970-01-01T00:00:00Z, which a Kafka record's" + " time cannot be"
                : decoded.reason();
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, String.valueOf(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET, String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
        return null;
    }

    private Decoder<? extends TerminalEvent> decoderOf(String topic) {
        if (Topics.SIGNON_ATTEMPTS.name().equals(topic)) {
            return attempts;
        }
        if (Topics.DEVICE_TELEMETRY.name().equals(topic)) {
            return telemetry;
        }
        throw new IllegalArgumentException("not an event topic: " + topic);
    }
}
