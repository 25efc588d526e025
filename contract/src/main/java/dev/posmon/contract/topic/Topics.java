package dev.posmon.contract.topic;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.JsonSerde;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.source.IngestSource;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** Every posmon topic, bound once. Services refer to these constants, never to a topic name string. */
public final class Topics {

    /** Event topics: keyed by terminalId so one terminal's events stay in order on one partition. */
    private static final int EVENT_PARTITIONS = 12;

    private static final Map<String, String> RETAIN_7_DAYS = Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000");

    public static final Topic<String, SignOnAttempt> SIGNON_ATTEMPTS = new Topic<>("signon.attempts.v1",
            Serdes.String(), new JsonSerde<>(SignOnAttempt.class), EVENT_PARTITIONS, RETAIN_7_DAYS);

    public static final Topic<String, Telemetry> DEVICE_TELEMETRY = new Topic<>("device.telemetry.v1",
            Serdes.String(), new JsonSerde<>(Telemetry.class), EVENT_PARTITIONS, RETAIN_7_DAYS);

    public static final Topic<String, TerminalRecord> TERMINAL_REGISTRY = new Topic<>("terminal.registry.v1",
            Serdes.String(), new JsonSerde<>(TerminalRecord.class), EVENT_PARTITIONS, COMPACTED);

    /** Ingest credentials (hashed keys only); one partition, since every ingest replica reads all of it. */
    public static final Topic<String, IngestSource> INGEST_SOURCES = new Topic<>("ingest.sources.v1",
            Serdes.String(), new JsonSerde<>(IngestSource.class), 1, COMPACTED);

    public static final List<Topic<?, ?>> ALL = List.of(SIGNON_ATTEMPTS, DEVICE_TELEMETRY, TERMINAL_REGISTRY, INGEST_SOURCES);

    private Topics() {
    }
}
