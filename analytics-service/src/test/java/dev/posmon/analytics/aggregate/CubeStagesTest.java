package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.cube.TerminalSet;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two cube stages by hand: input partitions that run at different speeds (as after a restart with a
 * backlog), partition-local lateness, idle partitions, and each window emitted once with every partition in it.
 */
class CubeStagesTest {

    static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Duration IDLE_AFTER = Duration.ofMinutes(1);
    static final Duration RUNNING_EVERY = Duration.ofSeconds(10);
    /** The second stage's partitions the first stage groups its cells by (one merge takes them all here). */
    static final int MERGE_PARTITIONS = 3;

    static final long WALL_START = 1_000_000L;

    @TempDir
    File stateDir;

    final List<ClassifiedAttempt> lateAttempts = new ArrayList<>();
    final List<CubeMessage.Partial> latePartials = new ArrayList<>();
    final CubeObserver observer = new CubeObserver() {
        @Override
        public void lateForCube(ClassifiedAttempt attempt) {
            lateAttempts.add(attempt);
        }

        @Override
        public void latePartial(CubeMessage.Partial partial, String cellKey) {
            latePartials.add(partial);
        }
    };

    Partition[] partitions;
    MockProcessorContext<String, MergedCell> mergeContext;
    CubeMergeProcessor merge;
    long mergeWall = WALL_START;
    final List<CubeCell> emitted = new ArrayList<>();
    final List<CubeCell> running = new ArrayList<>();

    @BeforeEach
    void start() {
        partitions = new Partition[] {new Partition(0), new Partition(1)};
        mergeContext = new MockProcessorContext<>(props(), new TaskId(1, 0), stateDir);
        mergeContext.addStateStore(partialStore("cube-merge", mergeContext));
        merge = new CubeMergeProcessor("cube-merge", WINDOW, 2, RUNNING_EVERY, observer);
        merge.init(mergeContext);
    }

    @Test
    void partitionsReplayedAtDifferentSpeedsLoseNothingAndEachWindowIsEmittedOnce() {
        for (int minute = 0; minute < 10; minute++) {
            partitions[0].send(success("A", minute, 10), failure("A", minute, 20, "96"));
        }
        assertThat(emitted).as("partition 1 has closed nothing yet").isEmpty();

        partitions[1].send(success("B", 0, 5));
        partitions[1].send(success("B", 3, 0));
        assertThat(emitted)
                .extracting(CubeCell::windowStart)
                .as("windows both partitions have closed")
                .containsExactly(T0, T0.plusSeconds(60));
        for (int minute = 3; minute < 10; minute++) {
            partitions[1].send(failure("B", minute, 40, "96"));
        }
        partitions[0].send(success("A", 20, 0));
        partitions[1].send(success("B", 20, 0));

        assertThat(lateAttempts).isEmpty();
        assertThat(emitted)
                .extracting(CubeCell::windowStart)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(IntStream.range(0, 10)
                        .mapToObj(m -> T0.plusSeconds(60L * m))
                        .toList());
        CubeCell minute3 = emitted.get(3);
        assertThat(minute3.attempts()).as("A's two and B's two").isEqualTo(4);
        assertThat(minute3.successes()).isEqualTo(2);
        assertThat(minute3.failuresByCause()).containsExactlyEntriesOf(Map.of(Cause.HOST_UNAVAILABLE, 2L));
        assertThat(minute3.failuresByCode()).containsExactlyEntriesOf(Map.of("96", 2L));
        assertThat(minute3.failingTerminals())
                .as("A on partition 0 and B on partition 1")
                .isEqualTo(2);
        assertThat(emitted.get(0).attempts()).as("A's two and B's one").isEqualTo(3);
    }

    @Test
    void aMergeStoreOfTheLayoutBeforeACellPerEntryIsSummedOn() {
        // the merge's sums as the layout before kept them (Kafka Streams' in-memory store, its record cache): one entry
        // per cell, which is what its changelog restores into the store of this layout
        WriteBackStore store = mergeContext.getStateStore("cube-merge");
        ClassifiedAttempt before = success("A", 0, 5);
        store.put(
                CubeStoreKeys.cell(T0.toEpochMilli(), CubeKeys.of(before)),
                new CellCounts().add(before, false).toBytes());
        store.flush();
        store.clearCache();
        merge.init(mergeContext);

        partitions[0].send(success("A", 0, 10), success("A", 2, 0));
        partitions[1].send(success("B", 2, 0));

        assertThat(emitted).extracting(CubeCell::windowStart).containsExactly(T0);
        assertThat(emitted.get(0).attempts())
                .as("0:05 from the old entry, 0:10 sent now")
                .isEqualTo(2);
        try (var cells = store.range(CubeStoreKeys.CELLS, CubeStoreKeys.upTo(CubeStoreKeys.CELLS, Long.MAX_VALUE))) {
            assertThat(cells.hasNext()).as("the old entry went with its window").isFalse();
        }
    }

    @Test
    void anAttemptIsLateOnlyAgainstTheAttemptsOfItsOwnPartition() {
        partitions[0].send(failure("A", 0, 10, "91"), failure("A", 1, 25, "91"));
        partitions[1].send(failure("B", 5, 0, "91"));
        partitions[0].send(failure("A", 0, 20, "91"));
        assertThat(lateAttempts)
                .as("partition 1 is minutes ahead, but partition 0 has not passed minute 0 + grace")
                .isEmpty();

        partitions[0].send(failure("A", 1, 35, "91"), failure("A", 0, 30, "91"));
        assertThat(lateAttempts).extracting(a -> a.attempt().occurredAt()).containsExactly(T0.plusSeconds(30));

        partitions[0].send(success("A", 9, 0));
        partitions[1].send(success("B", 9, 0));
        assertThat(emitted.get(0).windowStart()).isEqualTo(T0);
        assertThat(emitted.get(0).attempts())
                .as(":10 and :20; :30 came after partition 0 reached 1:35")
                .isEqualTo(2);
        assertThat(emitted.get(0).failingTerminals())
                .as("A twice is one terminal")
                .isEqualTo(1);
    }

    @Test
    void countsThatComeAfterTheirWindowWasEmittedAreReportedNotAdded() {
        partitions[0].send(success("A", 0, 10), success("A", 2, 0));
        partitions[1].send(success("B", 2, 0));
        assertThat(emitted).hasSize(1);

        CubeMessage.Partial straggler = new CubeMessage.Partial(
                1,
                T0.toEpochMilli(),
                T0.plusSeconds(60).toEpochMilli(),
                new CellCounts().add(success("B", 0, 1), false));
        merge.process(new Record<>(CubeKeys.of(success("B", 0, 1)), straggler, 0L));
        assertThat(latePartials).containsExactly(straggler);
        partitions[0].send(success("A", 5, 0));
        partitions[1].send(success("B", 5, 0));
        assertThat(emitted)
                .filteredOn(cell -> cell.windowStart().equals(T0))
                .as("emitted once")
                .hasSize(1);
    }

    @Test
    void aPartitionThatNeverReceivesAnAttemptStopsHoldingWindowsBackOnceIdle() {
        partitions[0].send(success("A", 0, 10), success("A", 3, 0));
        assertThat(emitted).isEmpty();
        partitions[1].idleFor(IDLE_AFTER.minusSeconds(1));
        assertThat(emitted).isEmpty();
        partitions[1].idleFor(IDLE_AFTER);
        assertThat(emitted).extracting(CubeCell::windowStart).containsExactly(T0);
    }

    @Test
    void aPartitionThatFallsSilentLetsItsEventTimeRunOnWithTheWallClock() {
        partitions[0].send(success("A", 0, 10));
        partitions[1].send(success("B", 0, 20));
        partitions[0].send(success("A", 5, 0));
        assertThat(emitted).as("partition 1 still at 0:20").isEmpty();

        partitions[1].idleFor(IDLE_AFTER.plusSeconds(50));
        assertThat(emitted)
                .extracting(CubeCell::windowStart)
                .as("0:20 + 1:50 - 0:30 grace closes minute 0 and 1")
                .containsExactly(T0);
        assertThat(emitted.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void aRevivedTaskCountsFromItsRestoredStoreNotFromWhatItHeldBefore() {
        partitions[0].send(success("A", 0, 10), success("A", 0, 11));
        // Kafka Streams revives a corrupted task on the same processor instance, with its store restored from the
        // changelog as of the last commit; here the last commit had neither attempt.
        WriteBackStore store = partitions[0].context.getStateStore("cube-partial-0");
        store.clearCache(); // what a task closed dirty drops
        List<String> uncommitted = new ArrayList<>();
        try (var all = store.range("", "\uffff")) {
            all.forEachRemaining(entry -> uncommitted.add(entry.key));
        }
        uncommitted.forEach(key -> store.put(key, null));
        store.flush();
        partitions[0].processor.init(partitions[0].context);

        partitions[0].send(success("A", 0, 10), success("A", 0, 11), success("A", 5, 0));
        partitions[1].send(success("B", 5, 0));
        assertThat(emitted)
                .singleElement()
                .satisfies(cell ->
                        assertThat(cell.attempts()).as("the two replayed, once").isEqualTo(2));
    }

    // ---------------------------------------------------------------- terminal sets

    @Test
    void aTerminalFailingTwiceIsFailedAndFailingAtEnd() {
        partitions[0].send(failure("A", 0, 10, "96"), failure("A", 0, 20, "96"));
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A"), set("A"), set()));
    }

    @Test
    void aFailureThenASuccessInOneWindowIsARecovery() {
        partitions[0].send(failure("A", 0, 10, "96"), success("A", 0, 20));
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A"), set(), set("A")));
    }

    @Test
    void aFailureInOneWindowAndASuccessInTheNextIsARecoveryInTheNext() {
        partitions[0].send(failure("A", 0, 10, "96"), success("A", 1, 10), success("A", 2, 10));
        closeEverything(4);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A"), set("A"), set()));
        assertThat(cell(1)).satisfies(cell -> assertSets(cell, set(), set(), set("A")));
        assertThat(cell(2)).as("already recovered").satisfies(cell -> assertSets(cell, set(), set(), set()));
    }

    @Test
    void aSuccessThenAFailureInOneWindowIsFailingAtEndAndNotRecovered() {
        partitions[0].send(success("A", 0, 10), failure("A", 0, 20, "96"));
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A"), set("A"), set()));
    }

    @Test
    void aFailureSuccessSuccessIsARecoveryAndFailureSuccessFailureIsNot() {
        partitions[0].send(failure("A", 0, 10, "96"), success("A", 0, 20), success("A", 0, 30));
        partitions[0].send(failure("C", 0, 10, "96"), success("C", 0, 20), failure("C", 0, 30, "91"));
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A", "C"), set("C"), set("A")));
    }

    @Test
    void theSetsOfTwoPartitionsAreUnitedInTheMergedCell() {
        partitions[0].send(failure("A", 0, 10, "96"), failure("A", 0, 50, "96"));
        partitions[1].send(failure("B", 0, 5, "91"), success("B", 0, 40));
        partitions[1].send(failure("D", 0, 45, "91"));
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> {
            assertSets(cell, set("A", "B", "D"), set("A", "D"), set("B"));
            assertThat(cell.failingTerminals()).isEqualTo(3);
        });
    }

    @Test
    void aTerminalThatChangesCellWithinAWindowEndsInTheCellOfItsLastAttempt() {
        partitions[0].send(failure("A", 0, 10, "96"), withFirmware(failure("A", 0, 20, "96"), "FW-8.0"));
        partitions[0].send(failure("C", 0, 10, "96"), withFirmware(success("C", 0, 20), "FW-8.0"));
        closeEverything(3);
        CubeCell before = emitted.stream()
                .filter(cell -> cell.firmware().equals("FW-7.4"))
                .findFirst()
                .orElseThrow();
        CubeCell after = emitted.stream()
                .filter(cell -> cell.firmware().equals("FW-8.0"))
                .findFirst()
                .orElseThrow();
        assertSets(before, set("A", "C"), set(), set());
        assertSets(after, set("A"), set("A"), set("C"));
    }

    @Test
    void aFirmwareVersionWithAPipeAndAPercentSignIsItsOwnCellWithItsTerminals() {
        String odd = "FW|7.4%7C"; // printable ASCII: the contract allows it
        partitions[0].send(
                withFirmware(failure("A", 0, 10, "96"), odd),
                withFirmware(success("B", 0, 20), odd),
                failure("C", 0, 30, "96"));
        closeEverything(3);
        CubeCell cell = emitted.stream()
                .filter(c -> c.firmware().equals(odd))
                .findFirst()
                .orElseThrow();
        assertThat(cell.attempts()).isEqualTo(2);
        assertThat(cell.model())
                .isEqualTo(emitted.stream()
                        .filter(c -> c.firmware().equals("FW-7.4"))
                        .findFirst()
                        .orElseThrow()
                        .model());
        assertSets(cell, set("A"), set("A"), set());
    }

    @Test
    void aTerminalFailingAcrossARevivedTaskIsRecoveredFromTheRestoredStore() {
        partitions[0].send(failure("A", 0, 10, "96"), success("B", 0, 11));
        partitions[0].processor.init(partitions[0].context);
        partitions[0].send(failure("A", 0, 20, "96"), success("A", 1, 5));
        closeEverything(4);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A"), set("A"), set()));
        assertThat(cell(1)).satisfies(cell -> assertSets(cell, set(), set(), set("A")));
    }

    /**
     * Random attempts of ten terminals on two partitions over twenty minutes, with revived tasks on the way: window
     * after window, alerting's {@code (still − recovered) ∪ failingAtEnd} is exactly the terminals whose latest
     * attempt failed, and the united {@code failedTerminals} exactly those with a failure in the window.
     */
    @Test
    void stillFailingFromTheSetsIsExactlyTheTerminalsWhoseLatestAttemptFailed() {
        Random random = new Random(42);
        Map<Integer, Set<String>> failedIn = new HashMap<>();
        Map<Integer, Set<String>> failingAfter = new HashMap<>();
        Set<String> failing = new HashSet<>();
        for (int minute = 0; minute < 20; minute++) {
            for (int second = 0; second < 60; second += 6) {
                String terminal = "T" + random.nextInt(10);
                boolean fails = random.nextInt(3) > 0;
                Partition partition = partitions[Math.floorMod(terminal.hashCode(), 2)];
                partition.send(fails ? failure(terminal, minute, second, "96") : success(terminal, minute, second));
                if (fails) {
                    failing.add(terminal);
                    failedIn.computeIfAbsent(minute, m -> new HashSet<>()).add(terminal);
                } else {
                    failing.remove(terminal);
                }
                if (random.nextInt(25) == 0) {
                    partition.processor.init(partition.context);
                }
            }
            failingAfter.put(minute, new HashSet<>(failing));
        }
        closeEverything(25);

        TerminalSet still = set();
        for (int minute = 0; minute < 20; minute++) {
            Instant start = T0.plusSeconds(60L * minute);
            List<CubeCell> cells = emitted.stream()
                    .filter(cell -> cell.windowStart().equals(start))
                    .toList();
            TerminalSet failed = set();
            TerminalSet recovered = set();
            TerminalSet atEnd = set();
            for (CubeCell cell : cells) {
                assertThat(cell.failingTerminals())
                        .isEqualTo(cell.failedTerminals().size());
                failed = failed.union(cell.failedTerminals());
                recovered = recovered.union(cell.recoveredTerminals());
                atEnd = atEnd.union(cell.failingAtEnd());
            }
            still = still.minus(recovered).union(atEnd);
            assertThat(failed)
                    .as("failed in minute %d", minute)
                    .isEqualTo(set(failedIn.getOrDefault(minute, Set.of()).toArray(String[]::new)));
            assertThat(still)
                    .as("still failing after minute %d", minute)
                    .isEqualTo(set(failingAfter.get(minute).toArray(String[]::new)));
        }
    }

    @Test
    void aRestartedTaskFindsTheRecoveriesOfTerminalsThatFailedBeforeIt() {
        partitions[0].send(failure("A", 0, 10, "96"), failure("B", 0, 20, "96"), success("C", 0, 30));
        partitions[0].restart();
        partitions[0].send(success("A", 1, 5), failure("B", 1, 10, "91"), success("C", 1, 15));
        partitions[0].restart();
        partitions[0].send(success("B", 2, 5));
        closeEverything(5);
        assertThat(cell(0)).satisfies(cell -> assertSets(cell, set("A", "B"), set("A", "B"), set()));
        assertThat(cell(1)).satisfies(cell -> assertSets(cell, set("B"), set("B"), set("A")));
        assertThat(cell(2)).satisfies(cell -> assertSets(cell, set(), set(), set("B")));
    }

    @Test
    void aPartitionThatReceivedAttemptsBeforeARestartNeverSaysItHasNone() {
        partitions[0].send(success("A", 0, 10), success("A", 0, 50));
        partitions[0].restart();
        partitions[0].context.resetForwards();
        partitions[0].wall =
                runWallClock(partitions[0].context, partitions[0].wall, IDLE_AFTER.multipliedBy(3), () -> {});
        List<CubeMessage.Watermark> watermarks = partitions[0].context.forwarded().stream()
                .map(forward -> forward.record().value())
                .filter(CubeMessage.Watermark.class::isInstance)
                .map(CubeMessage.Watermark.class::cast)
                .toList();
        assertThat(watermarks)
                .as("its event time runs on from the restored one")
                .isNotEmpty()
                .allSatisfy(watermark -> assertThat(watermark.closedUpTo()).isLessThan(Long.MAX_VALUE));
    }

    /**
     * The event time is not written for every attempt: a restarted task may start from an older one. Random attempts,
     * in order, out of order and too late, through one task that runs through and one restarted at random over its
     * store: the same partials, watermarks and late attempts, in the same order.
     */
    @Test
    void aTaskRestartedAtRandomSendsExactlyWhatOneThatRanThroughSends() {
        Random random = new Random(7);
        List<ClassifiedAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int at = i * 200 + (random.nextInt(10) == 0 ? -random.nextInt(120_000) : random.nextInt(5_000));
            String terminal = "T" + random.nextInt(40);
            attempts.add(
                    random.nextInt(4) == 0
                            ? failure(terminal, 0, 0, random.nextBoolean() ? "96" : "91")
                            : success(terminal, 0, 0));
            attempts.set(
                    i, withFirmware(at(attempts.get(i), T0.plusMillis(Math.max(0, at))), "FW-" + random.nextInt(3)));
        }
        Standalone through = new Standalone("through");
        Standalone restarted = new Standalone("restarted");
        for (ClassifiedAttempt attempt : attempts) {
            through.send(attempt);
            if (random.nextInt(40) == 0) {
                restarted.restart();
            }
            restarted.send(attempt);
        }
        assertThat(restarted.restarts).isGreaterThan(30);
        assertThat(through.late).isNotEmpty();
        assertThat(through.cellsSent).as("cells sent, in batches").isGreaterThan(20);
        assertThat(restarted.sent).containsExactlyElementsOf(through.sent);
        assertThat(restarted.late).containsExactlyElementsOf(through.late);
    }

    /** A first stage alone, what it sends as bytes. */
    final class Standalone {
        final MockProcessorContext<String, CubeMessage> context;
        final String storeName;
        final List<String> sent = new ArrayList<>();
        final List<ClassifiedAttempt> late = new ArrayList<>();
        final CubeObserver lateOnes = new CubeObserver() {
            @Override
            public void lateForCube(ClassifiedAttempt attempt) {
                late.add(attempt);
            }

            @Override
            public void latePartial(CubeMessage.Partial partial, String cellKey) {}
        };
        PartialCubeProcessor processor;
        int restarts;
        int cellsSent;

        Standalone(String name) {
            storeName = "cube-partial-" + name;
            context = new MockProcessorContext<>(props(), new TaskId(0, 5), stateDir);
            context.addStateStore(partialStore(storeName, context));
            restart();
            restarts = 0;
        }

        void restart() {
            processor = new PartialCubeProcessor(
                    storeName, WINDOW, GRACE, IDLE_AFTER, RUNNING_EVERY, MERGE_PARTITIONS, lateOnes);
            processor.init(context);
            restarts++;
        }

        void send(ClassifiedAttempt attempt) {
            processor.process(new Record<>(
                    attempt.attempt().terminalId(),
                    attempt,
                    attempt.attempt().occurredAt().toEpochMilli()));
            context.forwarded()
                    .forEach(forward -> cellsSent += forward.record().value() instanceof CubeMessage.Partials batch
                            ? batch.cells().size()
                            : 0);
            context.forwarded()
                    .forEach(forward -> sent.add(forward.record().key() + " "
                            + HexFormat.of()
                                    .formatHex(CubeMessage.SERDE
                                            .serializer()
                                            .serialize("", forward.record().value()))));
            context.resetForwards();
        }
    }

    @Test
    void countsStoredBeforeTheTerminalSetsStillRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(3);
            out.writeLong(1);
            out.writeLong(2);
            out.writeByte(1);
            out.writeUTF("HOST_UNAVAILABLE");
            out.writeLong(2);
            out.writeShort(1);
            out.writeUTF("96");
            out.writeLong(2);
        }
        CubeCell cell = CellCounts.fromBytes(bytes.toByteArray())
                .toCell(T0, T0.plusSeconds(60), CubeKeys.of(success("A", 0, 0)));
        assertThat(cell.attempts()).isEqualTo(3);
        assertThat(cell.successes()).isEqualTo(1);
        assertThat(cell.failingTerminals()).isEqualTo(2);
        assertThat(cell.failuresByCause()).containsExactlyEntriesOf(Map.of(Cause.HOST_UNAVAILABLE, 2L));
        assertThat(cell.failuresByCode()).containsExactlyEntriesOf(Map.of("96", 2L));
        assertThat(cell.failedTerminals()).isEqualTo(set());

        CellCounts withSets =
                new CellCounts().add(failure("A", 0, 0, "96"), true).withTerminals(set("A"), set(), set("B"));
        CellCounts read = CellCounts.fromBytes(withSets.toBytes());
        assertThat(read.failedTerminals()).isEqualTo(set("A"));
        assertThat(read.failingAtEnd()).isEqualTo(set());
        assertThat(read.recoveredTerminals()).isEqualTo(set("B"));
        assertThat(read.toBytes()).isEqualTo(withSets.toBytes());
    }

    @Test
    void theBinaryFormIsWhatTheDataOutputStreamWrote() throws Exception {
        Random random = new Random(3);
        String[] odd = {
            "96", "", "\u0000", "é", "码", "😀", "a\u0000b", "x".repeat(3000), "CONNECT_TIMEOUT", "\u07ff\u0800\uffff"
        };
        for (int i = 0; i < 2_000; i++) {
            CellCounts counts = new CellCounts();
            int attempts = random.nextInt(30);
            for (int a = 0; a < attempts; a++) {
                String code = odd[random.nextInt(odd.length)];
                counts.add(
                        random.nextBoolean() ? success("T" + a, 0, 0) : failure("T" + a, 0, 0, code),
                        random.nextBoolean());
            }
            if (random.nextBoolean()) {
                counts.withTerminals(set("A", "B"), random.nextBoolean() ? set() : set("C"), set("D"));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                counts.write(out);
            }
            assertThat(counts.toBytes()).isEqualTo(bytes.toByteArray());
            assertThat(CellCounts.fromBytes(counts.toBytes()).toBytes()).isEqualTo(bytes.toByteArray());
        }
    }

    // ---------------------------------------------------------------- running cells

    @Test
    void anOpenWindowsCountsGoOutEarlyAndTheClosedCellStillCountsEveryAttemptOnce() {
        partitions[0].send(failure("A", 0, 10, "96"), success("B", 0, 15));
        everyoneIdleFor(RUNNING_EVERY);
        assertThat(running).singleElement().satisfies(cell -> {
            assertThat(cell.windowStart()).isEqualTo(T0);
            assertThat(cell.attempts()).isEqualTo(2);
            assertThat(cell.failingTerminals()).isEqualTo(1);
            assertThat(cell.failedTerminals().isEmpty())
                    .as("running cells carry no sets")
                    .isTrue();
        });

        partitions[0].send(failure("A", 0, 20, "96"), failure("C", 0, 30, "91"));
        partitions[1].send(success("D", 0, 40));
        everyoneIdleFor(RUNNING_EVERY);
        assertThat(running).hasSize(2);
        assertThat(running.get(1)).as("cumulative, A counted once").satisfies(cell -> {
            assertThat(cell.attempts()).isEqualTo(5);
            assertThat(cell.successes()).isEqualTo(2);
            assertThat(cell.failuresByCode()).containsExactlyInAnyOrderEntriesOf(Map.of("96", 2L, "91", 1L));
            assertThat(cell.failingTerminals()).isEqualTo(2);
        });
        everyoneIdleFor(RUNNING_EVERY);
        assertThat(running).as("nothing changed").hasSize(2);
        assertThat(emitted).isEmpty();

        partitions[0].send(success("B", 0, 50));
        closeEverything(3);
        everyoneIdleFor(RUNNING_EVERY);
        assertThat(running)
                .extracting(CubeCell::windowStart)
                .as("no running cell for a closed window")
                .containsOnly(T0, T0.plusSeconds(180));
        assertThat(cell(0)).satisfies(cell -> {
            assertThat(cell.attempts()).as("every attempt, once").isEqualTo(6);
            assertThat(cell.successes()).isEqualTo(3);
            assertThat(cell.failuresByCause())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Cause.HOST_UNAVAILABLE, 2L, Cause.NETWORK, 1L));
            assertSets(cell, set("A", "C"), set("A", "C"), set());
        });
        assertThat(emitted).filteredOn(cell -> cell.windowStart().equals(T0)).hasSize(1);
    }

    @Test
    void aWindowWhoseCountsAllWentOutEarlyStillSendsItsTerminalsWhenItCloses() {
        partitions[0].send(failure("A", 0, 10, "96"), success("A", 0, 20));
        partitions[1].send(failure("B", 0, 30, "96"));
        everyoneIdleFor(RUNNING_EVERY);
        closeEverything(3);
        assertThat(cell(0)).satisfies(cell -> {
            assertThat(cell.attempts()).isEqualTo(3);
            assertSets(cell, set("A", "B"), set("B"), set("A"));
        });
    }

    @Test
    void aRestartedMergeSendsItsOpenCellsAgain() {
        partitions[0].send(failure("A", 0, 10, "96"));
        everyoneIdleFor(RUNNING_EVERY);
        assertThat(running).hasSize(1);
        merge.init(mergeContext);
        mergeIdleFor(RUNNING_EVERY);
        assertThat(running).hasSize(2).extracting(CubeCell::attempts).containsExactly(1L, 1L);
    }

    @Test
    void noRunningCellsWhenTheIntervalIsZero() {
        MockProcessorContext<String, CubeMessage> context =
                new MockProcessorContext<>(props(), new TaskId(0, 7), stateDir);
        context.addStateStore(partialStore("cube-partial-off", context));
        new PartialCubeProcessor(
                        "cube-partial-off", WINDOW, GRACE, IDLE_AFTER, Duration.ZERO, MERGE_PARTITIONS, observer)
                .init(context);
        MockProcessorContext<String, MergedCell> mergeOff =
                new MockProcessorContext<>(props(), new TaskId(1, 7), stateDir);
        mergeOff.addStateStore(partialStore("cube-merge-off", mergeOff));
        new CubeMergeProcessor("cube-merge-off", WINDOW, 2, Duration.ZERO, observer).init(mergeOff);
        assertThat(context.scheduledPunctuators()).as("the idle check only").hasSize(1);
        assertThat(mergeOff.scheduledPunctuators()).isEmpty();
    }

    // ---------------------------------------------------------------- harness

    void everyoneIdleFor(Duration duration) {
        for (Partition partition : partitions) {
            partition.idleFor(duration);
        }
        mergeIdleFor(duration);
    }

    /** Lets both partitions' event time run to {@code minute}, closing every window before it minus the grace. */
    void closeEverything(int minute) {
        partitions[0].send(success("clock-0", minute, 0));
        partitions[1].send(success("clock-1", minute, 0));
    }

    CubeCell cell(int minute) {
        return emitted.stream()
                .filter(cell -> cell.windowStart().equals(T0.plusSeconds(60L * minute)))
                .findFirst()
                .orElseThrow();
    }

    static TerminalSet set(String... terminals) {
        return TerminalSet.ofHashes(
                Arrays.stream(terminals).mapToLong(TerminalSet::hash).toArray());
    }

    static void assertSets(CubeCell cell, TerminalSet failed, TerminalSet atEnd, TerminalSet recovered) {
        assertThat(cell.failedTerminals()).as("failed").isEqualTo(failed);
        assertThat(cell.failingAtEnd()).as("failing at end").isEqualTo(atEnd);
        assertThat(cell.recoveredTerminals()).as("recovered").isEqualTo(recovered);
        assertThat(cell.failingTerminals()).as("failing terminals").isEqualTo(failed.size());
    }

    static ClassifiedAttempt at(ClassifiedAttempt classified, Instant occurredAt) {
        SignOnAttempt a = classified.attempt();
        SignOnAttempt moved = new SignOnAttempt(
                a.eventId(),
                a.terminalId(),
                occurredAt,
                a.hostId(),
                a.outcome(),
                a.stage(),
                a.responseCode(),
                a.transportError(),
                a.localError(),
                a.latencyMs(),
                a.attempt(),
                a.network(),
                a.appVersion(),
                a.firmwareVersion(),
                a.operatorId());
        return new ClassifiedAttempt(
                moved,
                classified.registered(),
                classified.province(),
                classified.city(),
                classified.region(),
                classified.merchantId(),
                classified.model(),
                classified.vendor(),
                classified.homeHostId(),
                classified.acquirer(),
                classified.networkProfile(),
                classified.merchantStatus(),
                classified.cause(),
                classified.evidence());
    }

    static ClassifiedAttempt withFirmware(ClassifiedAttempt classified, String firmware) {
        SignOnAttempt a = classified.attempt();
        SignOnAttempt changed = new SignOnAttempt(
                a.eventId(),
                a.terminalId(),
                a.occurredAt(),
                a.hostId(),
                a.outcome(),
                a.stage(),
                a.responseCode(),
                a.transportError(),
                a.localError(),
                a.latencyMs(),
                a.attempt(),
                a.network(),
                a.appVersion(),
                firmware,
                a.operatorId());
        return new ClassifiedAttempt(
                changed,
                classified.registered(),
                classified.province(),
                classified.city(),
                classified.region(),
                classified.merchantId(),
                classified.model(),
                classified.vendor(),
                classified.homeHostId(),
                classified.acquirer(),
                classified.networkProfile(),
                classified.merchantStatus(),
                classified.cause(),
                classified.evidence());
    }

    /** One input partition's first stage; what it sends goes straight to the one merge partition. */
    final class Partition {
        final MockProcessorContext<String, CubeMessage> context;
        PartialCubeProcessor processor;
        long wall = WALL_START;

        Partition(int partition) {
            context = new MockProcessorContext<>(props(), new TaskId(0, partition), stateDir);
            context.addStateStore(partialStore("cube-partial-" + partition, context));
            processor = new PartialCubeProcessor(
                    "cube-partial-" + partition, WINDOW, GRACE, IDLE_AFTER, RUNNING_EVERY, MERGE_PARTITIONS, observer);
            processor.init(context);
        }

        /** A new processor over the same store: a restart with the store as the changelog restores it (the last commit). */
        void restart() {
            processor = new PartialCubeProcessor(
                    "cube-partial-" + context.taskId().partition(),
                    WINDOW,
                    GRACE,
                    IDLE_AFTER,
                    RUNNING_EVERY,
                    MERGE_PARTITIONS,
                    observer);
            processor.init(context);
        }

        void send(ClassifiedAttempt... attempts) {
            for (ClassifiedAttempt attempt : attempts) {
                processor.process(new Record<>(
                        attempt.attempt().terminalId(),
                        attempt,
                        attempt.attempt().occurredAt().toEpochMilli()));
                deliver();
            }
        }

        /** Lets this partition's wall clock run, firing its punctuators at their interval as Kafka Streams would. */
        void idleFor(Duration duration) {
            wall = runWallClock(context, wall, duration, this::deliver);
        }

        private void deliver() {
            context.forwarded().forEach(forward -> {
                merge.process(new Record<>(
                        forward.record().key(),
                        forward.record().value(),
                        forward.record().timestamp()));
                collectMerged();
            });
            context.resetForwards();
        }
    }

    /** Lets the merge's wall clock run, firing its punctuators. */
    void mergeIdleFor(Duration duration) {
        mergeWall = runWallClock(mergeContext, mergeWall, duration, this::collectMerged);
    }

    void collectMerged() {
        mergeContext
                .forwarded()
                .forEach(out -> (out.record().value().running() ? running : emitted)
                        .add(out.record().value().cell()));
        mergeContext.resetForwards();
    }

    /** Fires the context's wall-clock punctuators second by second from {@code wall} for {@code duration}; the new wall time. */
    static long runWallClock(MockProcessorContext<?, ?> context, long wall, Duration duration, Runnable afterEach) {
        long end = wall + duration.toMillis();
        for (long now = wall + 1_000; now <= end; now += 1_000) {
            for (CapturedPunctuator punctuator : context.scheduledPunctuators()) {
                assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
                if ((now - WALL_START) % punctuator.getInterval().toMillis() == 0) {
                    punctuator.getPunctuator().punctuate(now);
                    afterEach.run();
                }
            }
        }
        return end;
    }

    /** A cube stage's store, as the topology builds both (without a changelog here). */
    private static WriteBackStore partialStore(String name, MockProcessorContext<?, ?> context) {
        WriteBackStore store =
                WriteBackStore.builder(name).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    static Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cube-stages-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    static ClassifiedAttempt success(String terminalId, int minute, int second) {
        return classified(terminalId, minute, second, Outcome.SUCCESS, Stage.COMPLETE, "00", null);
    }

    static ClassifiedAttempt failure(String terminalId, int minute, int second, String code) {
        return classified(
                terminalId,
                minute,
                second,
                Outcome.FAILURE,
                Stage.AUTH,
                code,
                code.equals("96") ? Cause.HOST_UNAVAILABLE : Cause.NETWORK);
    }

    private static ClassifiedAttempt classified(
            String terminalId, int minute, int second, Outcome outcome, Stage stage, String code, Cause cause) {
        SignOnAttempt attempt = new SignOnAttempt(
                UUID.randomUUID(),
                terminalId,
                T0.plusSeconds(60L * minute + second),
                "H1",
                outcome,
                stage,
                code,
                null,
                null,
                300,
                1,
                new Network(Network.NetworkType._4G, "CMCC", -80),
                "3.2.1",
                "FW-7.4",
                null);
        return new ClassifiedAttempt(
                attempt,
                true,
                "440000",
                "440300",
                "440305",
                "M-" + terminalId,
                "P2000",
                "Acme",
                "H1",
                "ACQ-A",
                "CUP",
                null,
                cause,
                cause == null ? null : new Evidence("TEST", Map.of()));
    }
}
