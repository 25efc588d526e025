package dev.posmon.contract.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic bound once: its name, its key and value serdes, and how it is created (partitions and configs).
 * Partition counts are the default for a fresh cluster; deployments may create more, never fewer.
 */
public record Topic<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> configs) {

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
