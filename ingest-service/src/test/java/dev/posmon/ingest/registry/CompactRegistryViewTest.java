package dev.posmon.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compact registry view: what the event check and the registry API read after updates, tombstones, collisions. */
class CompactRegistryViewTest {

    @TempDir
    Path directory;

    private CompactRegistryView view;
    private RecordFile file;

    @AfterEach
    void close() {
        if (view != null) {
            view.close();
        }
    }

    private static TerminalRecord terminal(String id, String acquirer, MerchantStatus status) {
        return new TerminalRecord(
                id, "M-" + id, "440305", "P2000", "Acme", "H1", acquirer, "CUP", "Asia/Shanghai", status);
    }

    private CompactRegistryView view(ToLongFunction<String> hash) {
        file = new RecordFile(directory);
        view = new CompactRegistryView(hash, file);
        return view;
    }

    @Test
    void anUpdateReplacesTheRecordAndKeepsOneEntry() {
        CompactRegistryView registry = view(TerminalHash.random()::of);
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.FROZEN));

        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.acquirerOf("T1")).contains("ACQ-A");
        assertThat(registry.find("T1")).contains(terminal("T1", "ACQ-A", MerchantStatus.FROZEN));
        assertThat(registry.acquirerOf("T2")).isEmpty();
        assertThat(registry.find("T2")).isEmpty();

        long size = file.size();
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.FROZEN));
        assertThat(file.size())
                .as("the same record again (an own write read back from the topic) is not copied again")
                .isEqualTo(size);
    }

    @Test
    void aTombstoneRemovesTheTerminalAndOnlyIt() {
        CompactRegistryView registry = view(TerminalHash.random()::of);
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T2", terminal("T2", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T1", null);
        registry.apply("T-never-registered", null);

        assertThat(registry.acquirerOf("T1")).isEmpty();
        assertThat(registry.find("T1")).isEmpty();
        assertThat(registry.acquirerOf("T2")).contains("ACQ-A");
        assertThat(registry.size()).isEqualTo(1);

        registry.apply("T1", terminal("T1", "ACQ-B", MerchantStatus.ACTIVE));
        assertThat(registry.acquirerOf("T1"))
                .as("registered again after its tombstone")
                .contains("ACQ-B");
    }

    @Test
    void anAcquirerChangeMovesTheTerminalToItsNewAcquirer() {
        CompactRegistryView registry = view(TerminalHash.random()::of);
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T2", terminal("T2", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T1", terminal("T1", "ACQ-B", MerchantStatus.ACTIVE));

        assertThat(registry.acquirerOf("T1")).contains("ACQ-B");
        assertThat(registry.find("T1").map(TerminalRecord::acquirer)).contains("ACQ-B");
        assertThat(registry.acquirerOf("T2"))
                .as("the other terminal of the old acquirer keeps it")
                .contains("ACQ-A");
    }

    @Test
    void terminalsThatShareAHashAreKeptApartById() {
        // a hash that answers the same for every id: every write after the first is a collision
        CompactRegistryView registry = view(terminalId -> 42L);
        registry.apply("T1", terminal("T1", "ACQ-A", MerchantStatus.ACTIVE));
        registry.apply("T2", terminal("T2", "ACQ-B", MerchantStatus.ACTIVE));

        assertThat(registry.acquirerOf("T1")).contains("ACQ-A");
        assertThat(registry.acquirerOf("T2")).contains("ACQ-B");
        assertThat(registry.find("T2").map(TerminalRecord::terminalId)).contains("T2");
        assertThat(registry.find("T3"))
                .as("an unknown id sharing the hash is not read as another's record")
                .isEmpty();

        registry.apply("T3", null);
        assertThat(registry.acquirerOf("T1"))
                .as("a tombstone of an id that only shares the hash removes nothing")
                .contains("ACQ-A");
        registry.apply("T2", terminal("T2", "ACQ-C", MerchantStatus.ACTIVE));
        assertThat(registry.acquirerOf("T2")).contains("ACQ-C");
        registry.apply("T2", null);
        assertThat(registry.find("T2")).isEmpty();
        // what the table cannot tell (TerminalTable's javadoc): an unknown id sharing T1's hash reads T1's acquirer
        assertThat(registry.acquirerOf("T2")).contains("ACQ-A");
        assertThat(registry.acquirerOf("T1")).contains("ACQ-A");
        registry.apply("T1", null);
        assertThat(registry.size()).isZero();
    }

    @Test
    void manyTerminalsWithRemovalsAnswerLikeAMap() {
        CompactRegistryView registry = view(TerminalHash.random()::of);
        Map<String, String> truth = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String id = "T" + random.nextInt(5_000);
            if (random.nextInt(4) == 0) {
                registry.apply(id, null);
                truth.remove(id);
            } else {
                String acquirer = "ACQ-" + random.nextInt(5);
                registry.apply(id, terminal(id, acquirer, MerchantStatus.ACTIVE));
                truth.put(id, acquirer);
            }
        }
        assertThat(registry.size()).isEqualTo(truth.size());
        for (int i = 0; i < 5_000; i++) {
            String id = "T" + i;
            assertThat(registry.acquirerOf(id)).as(id).isEqualTo(Optional.ofNullable(truth.get(id)));
        }
    }

    @Test
    void sipHashMatchesTheReferenceVector() {
        // the SipHash paper's SipHash-2-4 example: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] message = new byte[15];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        assertThat(new TerminalHash(k0, k1).sipHash24(message)).isEqualTo(0xa129ca6149be45e5L);
    }
}
