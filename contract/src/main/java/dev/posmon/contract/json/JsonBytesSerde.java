package dev.posmon.contract.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a record that analytics writes often: written by hand into bytes ({@link JsonBytes}, {@link #byHand}),
 * byte for byte what {@link ContractJson#mapper()} writes, and by databind when the hand-written form answers null (a
 * value databind writes its own way); read back by databind. Null is a tombstone.
 */
public abstract class JsonBytesSerde<T> implements Serde<T>, Serializer<T> {

    private final ObjectWriter writer;
    private final JsonSerde<T> databind;

    protected JsonBytesSerde(Class<T> type) {
        this.writer = ContractJson.mapper().writerFor(type);
        this.databind = new JsonSerde<>(type);
    }

    /** The record's JSON written here, or null when databind has to write it. */
    protected abstract byte[] byHand(T value);

    /** The record's JSON, as the contract's mapper writes it. */
    public final byte[] json(T value) {
        byte[] json = byHand(value);
        if (json != null) {
            return json;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final byte[] serialize(String topic, T value) {
        return value == null ? null : json(value);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the contract fixes the JSON form
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return databind;
    }
}
