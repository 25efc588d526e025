package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first stage's terminals over a plain in-memory store: what they read and write, and the in-memory mirror of
 * the failing terminals read back from the store after a restart.
 */
class CubeTerminalsTest {

    static final long W0 = 1_764_144_000_000L;
    static final long W1 = W0 + 60_000;
    static final String CELL = "440000|H1|CMCC|P2000|FW-7.4|3.4.1|ACQ-A";
    static final String OTHER_CELL = "440000|H1|CMCC|P2000|FW-8.0|ACQ-A";

    @TempDir
    File stateDir;

    WriteBackStore store;
    final List<String> operations = new ArrayList<>();
    CubeStore counted;

    @BeforeEach
    void start() {
        MockProcessorContext<String, CubeMessage> context =
                new MockProcessorContext<>(props(), new TaskId(0, 0), stateDir);
        store = WriteBackStore.builder("cube-partial").withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        counted = counting(store);
    }

    @Test
    void aSuccessOfATerminalThatIsNotFailingTouchesNoStore() {
        CubeTerminals terminals = new CubeTerminals(counted);
        operations.clear();
        terminals.succeeded(W0, CELL, "A");
        terminals.succeeded(W0, CELL, "A");
        assertThat(operations).isEmpty();
        assertThat(entries()).isEmpty();
    }

    @Test
    void aFailureAgainInTheSameCellAndWindowOnlyReadsHowTheWindowEndsSoFar() {
        CubeTerminals terminals = new CubeTerminals(counted);
        assertThat(terminals.failed(W0, CELL, "A")).isTrue();
        operations.clear();
        assertThat(terminals.failed(W0, CELL, "A")).isFalse();
        assertThat(operations).containsExactly("get " + CubeStoreKeys.end(W0, "A"));

        operations.clear();
        assertThat(terminals.failed(W0, OTHER_CELL, "A"))
                .as("first in the other cell")
                .isTrue();
        assertThat(terminals.failed(W0, CELL, "A"))
                .as("not first again in the first cell")
                .isFalse();
        assertThat(operations).doesNotContain("put " + CubeStoreKeys.failing("A"));
    }

    @Test
    void aRecoveryDeletesTheFailingEntryAndRecordsTheRecovery() {
        CubeTerminals terminals = new CubeTerminals(counted);
        terminals.failed(W0, CELL, "A");
        assertThat(store.get(CubeStoreKeys.failing("A"))).isNotNull();
        operations.clear();
        terminals.succeeded(W1, CELL, "A");
        assertThat(operations)
                .containsExactly("put " + CubeStoreKeys.failing("A"), "put " + CubeStoreKeys.end(W1, "A"));
        assertThat(store.get(CubeStoreKeys.failing("A"))).isNull();
        assertThat(terminals.failingNow()).isZero();
    }

    @Test
    void aRestartReadsTheFailingTerminalsBackFromTheStoreAndFindsTheirRecoveries() {
        CubeTerminals before = new CubeTerminals(store);
        before.failed(W0, CELL, "A");
        before.failed(W0, CELL, "B");
        before.failed(W0, CELL, "C");
        before.succeeded(W0, CELL, "C");

        CubeTerminals after = new CubeTerminals(counted);
        assertThat(after.failingNow()).isEqualTo(2);
        after.succeeded(W1, CELL, "A");
        after.succeeded(W1, OTHER_CELL, "C");
        Map<String, CubeTerminals.Sets> sets = after.take(W1);
        CubeTerminals.Sets window1 = sets.get(CubeStoreKeys.cell(W1, CELL));
        assertThat(window1.recovered.toSet()).isEqualTo(CubeStagesTest.set("A"));
        assertThat(sets).doesNotContainKey(CubeStoreKeys.cell(W1, OTHER_CELL));
        assertThat(sets.get(CubeStoreKeys.cell(W0, CELL)).failingAtEnd.toSet()).isEqualTo(CubeStagesTest.set("A", "B"));
        assertThat(new CubeTerminals(store).failingNow())
                .as("B still failing, after another restart")
                .isEqualTo(1);
    }

    /** Random attempts in order with restarts: the failing entries are the terminals whose latest attempt failed. */
    @Test
    void theFailingEntriesAreAlwaysTheTerminalsWhoseLatestAttemptFailed() {
        Random random = new Random(11);
        Set<String> failing = new HashSet<>();
        CubeTerminals terminals = new CubeTerminals(store);
        long window = W0;
        for (int i = 0; i < 20_000; i++) {
            String terminal = "T" + random.nextInt(300);
            String cell = random.nextInt(10) == 0 ? OTHER_CELL : CELL;
            if (random.nextInt(4) == 0) {
                terminals.failed(window, cell, terminal);
                failing.add(terminal);
            } else {
                terminals.succeeded(window, cell, terminal);
                failing.remove(terminal);
            }
            if (random.nextInt(500) == 0) {
                terminals.take(window - 60_000);
                window += 60_000;
            }
            if (random.nextInt(200) == 0) {
                terminals = new CubeTerminals(store);
            }
            if (i % 1000 == 0) {
                assertThat(failingEntries()).isEqualTo(failing);
                assertThat(terminals.failingNow()).isEqualTo(failing.size());
            }
        }
        assertThat(failingEntries()).isEqualTo(failing);
    }

    private Set<String> failingEntries() {
        Set<String> failing = new HashSet<>();
        try (var entries = store.range(CubeStoreKeys.FAILING, CubeStoreKeys.FAILING_END)) {
            entries.forEachRemaining(entry -> failing.add(CubeStoreKeys.failingTerminal(entry.key)));
        }
        return failing;
    }

    private Map<String, byte[]> entries() {
        Map<String, byte[]> all = new HashMap<>();
        try (var entries = store.range("", "\uffff")) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }

    /** The store, noting every get and put with its key. */
    @SuppressWarnings("unchecked")
    private CubeStore counting(CubeStore real) {
        return (CubeStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {CubeStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")
                            || method.getName().equals("put")
                            || method.getName().equals("putCounts")
                            || method.getName().equals("delete")) {
                        operations.add(method.getName() + " " + args[0]);
                    } else if (!method.getName().equals("range")
                            && !method.getName().equals("putAll")) {
                        operations.add(method.getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cube-terminals-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }
}
