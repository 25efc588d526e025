package dev.posmon.analytics.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
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

    /**
     * One cell of one window as counted on one input partition; keyed by the cell key. Versions before
     * {@link Partials} sent one per cell; still read.
     */
    record Partial(int source, long windowStart, long windowEnd, CellCounts counts) implements CubeMessage {}

    /**
     * The cells one input partition sends at once (a close, an early send) that belong to one partition of the second
     * stage, as one record: {@code partition} is where Kafka's producer puts a record keyed by each of these cell keys
     * ({@link #partitionOf}), among {@code partitions}, so that a cell is merged by the same task whether it came alone
     * (an earlier version's {@link Partial}) or in a batch.
     */
    record Partials(int source, int partition, int partitions, List<Cell> cells) implements CubeMessage {}

    /** A cell of a {@link Partials}: its key and its counts in one window. */
    record Cell(String cellKey, long windowStart, long windowEnd, CellCounts counts) {}

    /**
     * Every window of {@code source} that ends at or before {@code closedUpTo} (epoch ms) has been sent: sent
     * to every partition of the second stage, after the partials it covers.
     */
    record Watermark(int source, long closedUpTo) implements CubeMessage {}

    Serde<CubeMessage> SERDE = Serdes.serdeFrom(new Encoder(), new Decoder());

    /**
     * A partial goes to its cell key's partition (Kafka's own choice for the key), a batch to the partition its cells
     * were grouped by, a watermark to every partition. A batch grouped for another partition count than the topic's
     * would have its cells merged by the wrong tasks, and a cell emitted twice: that stops the stream thread instead.
     */
    StreamPartitioner<String, CubeMessage> PARTITIONER = (topic, key, message, partitions) -> {
        if (message instanceof Watermark) {
            return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        if (message instanceof Partials batch) {
            if (batch.partitions() != partitions) {
                throw new IllegalStateException("cube partials grouped for " + batch.partitions() + " partitions, but "
                        + topic + " has " + partitions + ": set posmon.analytics.cube-sources to the partition count"
                        + " of the attempts topic");
            }
            return Optional.of(Set.of(batch.partition()));
        }
        return Optional.<Set<Integer>>empty();
    };

    /** The partition of {@code partitions} in which Kafka's producer puts a record keyed by {@code cellKey}. */
    static int partitionOf(String cellKey, int partitions) {
        return BuiltInPartitioner.partitionForKey(cellKey.getBytes(StandardCharsets.UTF_8), partitions);
    }

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
                } else if (message instanceof Partials batch) {
                    out.writeByte('B');
                    out.writeInt(batch.source());
                    out.writeInt(batch.partition());
                    out.writeInt(batch.partitions());
                    out.writeInt(batch.cells().size());
                    for (Cell cell : batch.cells()) {
                        out.writeUTF(cell.cellKey());
                        out.writeLong(cell.windowStart());
                        out.writeLong(cell.windowEnd());
                        cell.counts().write(out);
                    }
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
                    case 'B' -> partials(in);
                    case 'W' -> new Watermark(in.readInt(), in.readLong());
                    default -> throw new IllegalArgumentException("unknown cube message type " + type);
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Partials partials(DataInputStream in) throws IOException {
            int source = in.readInt();
            int partition = in.readInt();
            int partitions = in.readInt();
            int size = in.readInt();
            List<Cell> cells = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                cells.add(new Cell(in.readUTF(), in.readLong(), in.readLong(), CellCounts.read(in)));
            }
            return new Partials(source, partition, partitions, cells);
        }
    }
}
