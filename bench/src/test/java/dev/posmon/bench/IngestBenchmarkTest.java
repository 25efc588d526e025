package dev.posmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    @Test
    void writes_version_4_uuids_that_java_reads_back() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();
            byte[] into = new byte[40];
            IngestBenchmark.writeUuid(into, 2, high, low);
            String text = new String(into, 2, 36, StandardCharsets.US_ASCII);
            UUID uuid = UUID.fromString(text);
            assertThat(uuid.toString()).isEqualTo(text);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() & ~0xF000L).isEqualTo(high & ~0xF000L);
        }
    }
}
