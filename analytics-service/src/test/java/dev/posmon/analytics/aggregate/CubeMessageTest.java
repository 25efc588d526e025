package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.analytics.aggregate.CubeMessage.Partials;
import dev.posmon.contract.classify.ClassifiedAttempt;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first stage's cells sent as one record per partition of the second stage, and where those records go. */
class CubeMessageTest {

    @TempDir
    File stateDir;

    /**
     * A closed window's cells go out grouped by the partition in which Kafka's producer puts a record keyed by each cell
     * key (what an earlier version's one-record-per-cell partials used), so that a cell is merged by the same task either
     * way: every cell once, in the batch of its own partition, at most one batch per partition, before the watermark.
     */
    @Test
    void aClosedWindowsCellsGoOutOneRecordPerPartitionWhereTheirKeysWouldGo() {
        int partitions = 12;
        List<Record<String, CubeMessage>> sent = closeAWindowOf(200, partitions);

        List<Partials> batches = batches(sent);
        assertThat(sent.get(sent.size() - 1).value()).isInstanceOf(CubeMessage.Watermark.class);
        assertThat(batches).hasSizeLessThanOrEqualTo(partitions);
        assertThat(batches).extracting(Partials::partition).doesNotHaveDuplicates();
        Set<String> cells = new HashSet<>();
        for (Partials batch : batches) {
            assertThat(batch.partitions()).isEqualTo(partitions);
            for (CubeMessage.Cell cell : batch.cells()) {
                assertThat(BuiltInPartitioner.partitionForKey(
                                cell.cellKey().getBytes(StandardCharsets.UTF_8), partitions))
                        .as(cell.cellKey())
                        .isEqualTo(batch.partition());
                assertThat(cells.add(cell.cellKey()))
                        .as("sent once: " + cell.cellKey())
                        .isTrue();
                assertThat(cell.counts().attempts()).isEqualTo(1);
            }
        }
        assertThat(cells).hasSize(200);
    }

    @Test
    void aBatchPastItsSizeIsSplitAndEveryCellGoesOutOnce() {
        List<Partials> batches = batches(closeAWindowOf(4_000, 1));

        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches.stream().mapToInt(batch -> batch.cells().size()).sum())
                .isEqualTo(4_000);
        assertThat(batches)
                .allSatisfy(batch -> assertThat(CubeMessage.SERDE.serializer().serialize("t", batch).length)
                        .isLessThan(WriteBackStore.BATCH_BYTES + 1_000));
    }

    @Test
    void aBatchReadsBackAsItWasWritten() {
        List<Partials> batches = batches(closeAWindowOf(50, 3));
        for (Partials batch : batches) {
            byte[] bytes = CubeMessage.SERDE.serializer().serialize("t", batch);
            Partials read = (Partials) CubeMessage.SERDE.deserializer().deserialize("t", bytes);
            assertThat(read.source()).isEqualTo(batch.source());
            assertThat(read.partition()).isEqualTo(batch.partition());
            assertThat(read.partitions()).isEqualTo(batch.partitions());
            assertThat(read.cells())
                    .extracting(CubeMessage.Cell::cellKey)
                    .containsExactlyElementsOf(batch.cells().stream()
                            .map(CubeMessage.Cell::cellKey)
                            .toList());
            assertThat(CubeMessage.SERDE.serializer().serialize("t", read)).isEqualTo(bytes);
        }
    }

    @Test
    void aBatchGoesToItsPartitionAWatermarkEverywhereAndAMiscountStops() {
        Partials batch = new Partials(0, 2, 4, List.of());

        assertThat(CubeMessage.PARTITIONER.partitions("t", "k", batch, 4)).contains(Set.of(2));
        assertThat(CubeMessage.PARTITIONER.partitions("t", "", new CubeMessage.Watermark(0, 1), 4))
                .contains(Set.of(0, 1, 2, 3));
        assertThat(CubeMessage.PARTITIONER.partitions("t", "k", new CubeMessage.Partial(0, 0, 1, new CellCounts()), 4))
                .isEqualTo(Optional.empty());
        assertThatThrownBy(() -> CubeMessage.PARTITIONER.partitions("t", "k", batch, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cube-sources");
    }

    /** {@code cells} attempts in distinct cells of one window through a first stage, then one that closes it. */
    private List<Record<String, CubeMessage>> closeAWindowOf(int cells, int partitions) {
        MockProcessorContext<String, CubeMessage> context =
                new MockProcessorContext<>(CubeStagesTest.props(), new TaskId(0, 5), stateDir);
        WriteBackStore store =
                WriteBackStore.builder("cube-partial").withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        PartialCubeProcessor processor = new PartialCubeProcessor(
                "cube-partial",
                CubeStagesTest.WINDOW,
                CubeStagesTest.GRACE,
                CubeStagesTest.IDLE_AFTER,
                java.time.Duration.ZERO,
                partitions,
                new CubeObserver() {});
        processor.init(context);
        for (int i = 0; i < cells; i++) {
            send(processor, CubeStagesTest.withFirmware(CubeStagesTest.success("T" + i, 0, i % 60), "FW-" + i));
        }
        send(processor, CubeStagesTest.success("T-late", 2, 0));
        List<Record<String, CubeMessage>> sent = new ArrayList<>();
        context.forwarded()
                .forEach(forward -> sent.add(new Record<>(
                        forward.record().key(),
                        forward.record().value(),
                        forward.record().timestamp())));
        return sent;
    }

    private static void send(PartialCubeProcessor processor, ClassifiedAttempt attempt) {
        processor.process(new Record<>(
                attempt.attempt().terminalId(),
                attempt,
                attempt.attempt().occurredAt().toEpochMilli()));
    }

    private static List<Partials> batches(List<Record<String, CubeMessage>> sent) {
        return sent.stream()
                .map(Record::value)
                .filter(Partials.class::isInstance)
                .map(Partials.class::cast)
                .toList();
    }
}
