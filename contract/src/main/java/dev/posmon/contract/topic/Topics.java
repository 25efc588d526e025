package dev.posmon.contract.topic;

import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.classify.ClassifiedSignOnSerde;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.desk.DeskCredential;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.health.TerminalHealthSerde;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.json.JsonSerde;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.source.IngestSource;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** Every posmon topic, bound once. Services refer to these constants, never to a topic name string. */
public final class Topics {

    /** Event topics: keyed by terminalId so one terminal's events stay in order on one partition. */
    private static final int EVENT_PARTITIONS = 12;

    private static final Map<String, String> RETAIN_7_DAYS =
            Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
    /** Compacted, with segments rolled hourly: the cleaner never touches the active segment, so without a roll a
     *  quiet topic (the registry) is never compacted and every reader restores its full history. */
    private static final Map<String, String> COMPACTED = Map.of(
            "cleanup.policy", "compact", "min.compaction.lag.ms", "60000", "segment.ms", String.valueOf(3600L * 1000));

    public static final Topic<String, SignOnAttempt> SIGNON_ATTEMPTS = new Topic<>(
            "signon.attempts.v1",
            Serdes.String(),
            new JsonSerde<>(SignOnAttempt.class),
            EVENT_PARTITIONS,
            RETAIN_7_DAYS);

    public static final Topic<String, Telemetry> DEVICE_TELEMETRY = new Topic<>(
            "device.telemetry.v1", Serdes.String(), new JsonSerde<>(Telemetry.class), EVENT_PARTITIONS, RETAIN_7_DAYS);

    public static final Topic<String, TerminalRecord> TERMINAL_REGISTRY = new Topic<>(
            "terminal.registry.v1",
            Serdes.String(),
            new JsonSerde<>(TerminalRecord.class),
            EVENT_PARTITIONS,
            COMPACTED);

    /** Ingest credentials (hashed keys only); one partition, since every ingest replica reads all of it. */
    public static final Topic<String, IngestSource> INGEST_SOURCES =
            new Topic<>("ingest.sources.v1", Serdes.String(), new JsonSerde<>(IngestSource.class), 1, COMPACTED);

    /**
     * Operator and support credentials bound to acquirers (hashed tokens only), issued by ingest's admin API; one
     * partition, since every replica of every service reads all of it.
     */
    public static final Topic<String, DeskCredential> DESK_CREDENTIALS =
            new Topic<>("posmon.credentials.v1", Serdes.String(), new JsonSerde<>(DeskCredential.class), 1, COMPACTED);

    /**
     * Every attempt as classified: its region, merchant, model and acquirer and, when failed, its cause with the
     * evidence; not the attempt itself. Replaces {@code signon.classified.v1}, which repeated the whole attempt.
     */
    public static final Topic<String, ClassifiedSignOn> SIGNON_CLASSIFIED = new Topic<>(
            "signon.classified.v2", Serdes.String(), new ClassifiedSignOnSerde(), EVENT_PARTITIONS, RETAIN_7_DAYS);

    /** The leaf cube, one record per closed one-minute window and cell; keyed by {@link CubeCell#key()}. */
    public static final Topic<String, CubeCell> SIGNON_CUBE = new Topic<>(
            "signon.cube.v1",
            Serdes.String(),
            new JsonSerde<>(CubeCell.class),
            6,
            Map.of("retention.ms", String.valueOf(35L * 24 * 3600 * 1000)));

    /**
     * The cube's still-open windows, so that alerting can judge a window before it closes: every few seconds the
     * cells that changed, each with its counts so far (cumulative, without terminal sets), keyed by
     * {@link CubeCell#key()}. A running cell is superseded by a later one of the same key, and all of them by the
     * cell on {@link #SIGNON_CUBE}, which stays the truth. Kept six hours: only the open windows matter.
     */
    public static final Topic<String, CubeCell> SIGNON_CUBE_RUNNING = new Topic<>(
            "signon.cube.running.v1",
            Serdes.String(),
            new JsonSerde<>(CubeCell.class),
            SIGNON_CUBE.partitions(),
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(6L * 3600 * 1000)));

    /** Per-terminal health transitions (STUCK, SIGNON_LOOP, RECOVERED). */
    public static final Topic<String, TerminalHealth> TERMINAL_HEALTH =
            new Topic<>("terminal.health.v1", Serdes.String(), new TerminalHealthSerde(), 6, RETAIN_7_DAYS);

    /** Declared maintenance windows, published by alerting; a tombstone removes one. */
    public static final Topic<String, MaintenanceWindow> HOST_MAINTENANCE =
            new Topic<>("host.maintenance.v1", Serdes.String(), new JsonSerde<>(MaintenanceWindow.class), 1, COMPACTED);

    /**
     * Records analytics could not read or that break the contract, as they arrived (raw bytes), with
     * headers {@code posmon.dlq.reason}, {@code .topic}, {@code .partition}, {@code .offset}.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTER = new Topic<>(
            "posmon.deadletter.v1",
            Serdes.ByteArray(),
            Serdes.ByteArray(),
            3,
            Map.of("retention.ms", String.valueOf(14L * 24 * 3600 * 1000)));

    /** Every incident change, keyed by incident id (compacted: the latest state of each incident stays). */
    public static final Topic<String, IncidentRecord> INCIDENTS =
            new Topic<>("incidents.v1", Serdes.String(), new JsonSerde<>(IncidentRecord.class), 3, COMPACTED);

    public static final List<Topic<?, ?>> ALL = List.of(
            SIGNON_ATTEMPTS,
            DEVICE_TELEMETRY,
            TERMINAL_REGISTRY,
            INGEST_SOURCES,
            DESK_CREDENTIALS,
            SIGNON_CLASSIFIED,
            SIGNON_CUBE,
            SIGNON_CUBE_RUNNING,
            TERMINAL_HEALTH,
            HOST_MAINTENANCE,
            DEAD_LETTER,
            INCIDENTS);

    private Topics() {}
}
