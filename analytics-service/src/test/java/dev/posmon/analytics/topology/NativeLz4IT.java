package dev.posmon.analytics.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.StreamsRunResource;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.reflect.Field;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.common.compress.Lz4BlockInputStream;
import org.junit.jupiter.api.Test;

/**
 * Analytics' Kafka clients, Kafka Streams' among them, read lz4 batches (ingest writes lz4) with lz4-java's native
 * library: under Quarkus' class loader Kafka's {@code fastestInstance()} gave the Java fallback, several times slower,
 * unless the library was loaded first (NativeLz4, called before the topology exists).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StreamsRunResource.class)
class NativeLz4IT {

    @Test
    void kafkasLz4StreamsUseTheNativeLibrary() throws Exception {
        assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
        // the decompressor Kafka's lz4 input stream chose, once, when the class was first used
        Field decompressor = Lz4BlockInputStream.class.getDeclaredField("DECOMPRESSOR");
        decompressor.setAccessible(true);
        assertThat(decompressor.get(null)).isSameAs(LZ4Factory.nativeInstance().safeDecompressor());
    }
}
