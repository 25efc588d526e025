package dev.posmon.analytics.event;

import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.schema.ContractSchema;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes each record of an event topic. A valid event continues with its event time (occurredAt) as the
 * record timestamp; a poison record continues as raw bytes with dead-letter headers naming the reason and
 * where it came from, for the dead-letter branch. Ingest's {@link ContractSchema#VALIDATED_HEADER} is read
 * here and removed, from the valid and the poison records alike.
 */
public final class DecodeProcessor<T extends TerminalEvent> implements FixedKeyProcessor<String, byte[], Decoded<T>> {

    public static final String REASON = "posmon.dlq.reason";
    public static final String TOPIC = "posmon.dlq.topic";
    public static final String PARTITION = "posmon.dlq.partition";
    public static final String OFFSET = "posmon.dlq.offset";

    private final Decoder<T> decoder;
    private FixedKeyProcessorContext<String, Decoded<T>> context;

    public DecodeProcessor(Decoder<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Header mark = record.headers().lastHeader(ContractSchema.VALIDATED_HEADER);
        Decoded<T> decoded = decoder.decode(record.key(), record.value(), mark == null ? null : mark.value());
        // the mark vouches for this value against the event schema only: it must not travel on to other topics
        record.headers().remove(ContractSchema.VALIDATED_HEADER);
        if (decoded.isValid()) {
            context.forward(record.withValue(decoded)
                    .withTimestamp(decoded.value().occurredAt().toEpochMilli()));
            return;
        }
        FixedKeyRecord<String, Decoded<T>> poison = record.withValue(decoded);
        poison.headers().add(REASON, decoded.reason().getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(metadata -> {
            poison.headers().add(TOPIC, metadata.topic().getBytes(StandardCharsets.UTF_8));
            poison.headers().add(PARTITION, String.valueOf(metadata.partition()).getBytes(StandardCharsets.UTF_8));
            poison.headers().add(OFFSET, String.valueOf(metadata.offset()).getBytes(StandardCharsets.UTF_8));
        });
        context.forward(poison);
    }
}
