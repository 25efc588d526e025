package dev.posmon.contract.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a contract record, written as the JSON its schema describes (or, for state stores, in Smile).
 * Either form is read back. A null value is a tombstone.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    /** Bound to the type once: a mapper resolves the type and its configuration again at every call. */
    private final ObjectWriter writer;

    private final ObjectReader jsonReader;
    private final ObjectReader smileReader;

    public JsonSerde(Class<T> type) {
        this(type, ContractJson.mapper());
    }

    private JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.type = type;
        this.writer = mapper.writerFor(type);
        this.jsonReader = ContractJson.mapper().readerFor(type);
        this.smileReader = ContractJson.smileMapper().readerFor(type);
    }

    /** The same value in Smile (binary JSON): smaller and faster, for state that only posmon reads back. */
    public static <T> JsonSerde<T> smile(Class<T> type) {
        return new JsonSerde<>(type, ContractJson.smileMapper());
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return (isSmile(data) ? smileReader : jsonReader).readValue(data);
        } catch (IOException e) {
            throw new SerializationException(
                    "not a " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Smile's header ":)\n": a Smile serde still reads the JSON that earlier versions stored. */
    private static boolean isSmile(byte[] data) {
        return data.length >= 3 && data[0] == ':' && data[1] == ')' && data[2] == '\n';
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
        return this;
    }
}
