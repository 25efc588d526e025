package dev.posmon.analytics.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * What the first cube stage (one per input partition) tells the second (one per cell-key partition): the
 * counts of a closed window's cell, and how far that input partition has closed its windows.
 */
public sealed interface CubeMessage {

    /** The input partition that sent it. */
    int source();

    /** One cell of one window as counted on one input partition; keyed by the cell key. */
    record Partial(int source, long windowStart, long windowEnd, CellCounts counts) implements CubeMessage {}

    /**
     * Every window of {@code source} that ends at or before {@code closedUpTo} (epoch ms) has been sent: sent
     * to every partition of the second stage, after the partials it covers.
     */
    record Watermark(int source, long closedUpTo) implements CubeMessage {}

    Serde<CubeMessage> SERDE = Serdes.serdeFrom(new Encoder(), new Decoder());

    /** Partials go to their cell key's partition, watermarks to every partition. */
    StreamPartitioner<String, CubeMessage> PARTITIONER =
            (topic, key, message, partitions) -> message instanceof Watermark
                    ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()))
                    : Optional.<Set<Integer>>empty();

    final class Encoder implements Serializer<CubeMessage> {
        @Override
        public byte[] serialize(String topic, CubeMessage message) {
            if (message == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                if (message instanceof Partial partial) {
                    out.writeByte('P');
                    out.writeInt(partial.source());
                    out.writeLong(partial.windowStart());
                    out.writeLong(partial.windowEnd());
                    partial.counts().write(out);
                } else if (message instanceof Watermark watermark) {
                    out.writeByte('W');
                    out.writeInt(watermark.source());
                    out.writeLong(watermark.closedUpTo());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    final class Decoder implements Deserializer<CubeMessage> {
        @Override
        public CubeMessage deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte type = in.readByte();
                return switch (type) {
                    case 'P' -> new Partial(in.readInt(), in.readLong(), in.readLong(), CellCounts.read(in));
                    case 'W' -> new Watermark(in.readInt(), in.readLong());
                    default -> throw new IllegalArgumentException("unknown cube message type " + type);
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
