package dev.posmon.analytics.topology;

import dev.posmon.analytics.aggregate.CubeMergeProcessor;
import dev.posmon.analytics.aggregate.CubeMessage;
import dev.posmon.analytics.aggregate.MergedCell;
import dev.posmon.analytics.aggregate.PartialCubeProcessor;
import dev.posmon.analytics.aggregate.WriteBackStore;
import dev.posmon.analytics.classify.Classifier;
import dev.posmon.analytics.config.AnalyticsConfig;
import dev.posmon.analytics.event.Decoder;
import dev.posmon.analytics.event.Decoders;
import dev.posmon.analytics.maintenance.MaintenanceIndex;
import dev.posmon.analytics.maintenance.MaintenanceStoreUpdater;
import dev.posmon.analytics.registry.CompactKeyValueStore;
import dev.posmon.analytics.registry.CompactTerminalSerde;
import dev.posmon.analytics.registry.RegistryStoreUpdater;
import dev.posmon.analytics.terminal.HealthGauges;
import dev.posmon.analytics.terminal.TerminalEntry;
import dev.posmon.analytics.terminal.TerminalEntrySerde;
import dev.posmon.analytics.terminal.TerminalProcessor;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.analytics.terminal.TerminalStateMachine;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.json.JsonSerde;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.kafka.NativeLz4;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The analytics topology. It only wires: every step is one call into a plain class or processor.
 *
 * <pre>
 * signon.attempts.v1 ──┐ one source (co-partitioned by terminal: the same tasks)
 * device.telemetry.v1 ─┴─▶ terminal (decode; store terminals: one read, one write an event) ──────────────────────┐
 *            poison: its bytes, the reason in its headers; telemetry: becomes the terminal's latest, nothing out;    │
 *            attempts: dedup(eventId) ⋈ registry (global), classify (failures: latest telemetry, host's windows),    │
 *            fold into the terminal's state; each output forwarded by name to the children that take it            │
 *   posmon.deadletter.v1 ◀── poison records ◀───────────────────────────────────────────────────────────────────┤
 *   signon.classified.v2 ◀── classified attempts (as ClassifiedSignOn) ◀────────────────────────────────────────┤
 *   terminal.health.v1 ◀── health transitions ◀─────────────────────────────────────────────────────────────────┤
 *   signon.cube.v1 ◀── merge ◀─(cube-partials)── 1-minute windows per (province, host, carrier, model, firmware) ◀─┘
 *                      each window emitted once all input partitions have closed it; partials counted per partition
 *   signon.cube.running.v1 ◀── merge: open windows' changed cells, counts so far, every cube-running-every (wall clock)
 * </pre>
 */
@ApplicationScoped
public class TopologyProducer {

    public static final String REGISTRY_STORE = "registry";
    public static final String MAINTENANCE_STORE = "maintenance-windows";
    /**
     * Each terminal's state, latest telemetry and recent eventIds ({@link TerminalEntry}); replaced
     * {@code terminal-state}, {@code telemetry-latest} and {@code event-ids-seen}.
     */
    public static final String TERMINALS_STORE = "terminals";
    /** The layout before {@link #TERMINALS_STORE}, read while terminals move over ({@code posmon.analytics.legacy-stores}). */
    public static final String LEGACY_TERMINAL_STATE_STORE = "terminal-state";

    public static final String LEGACY_TELEMETRY_STORE = "telemetry-latest";
    public static final String LEGACY_DEDUP_STORE = "event-ids-seen";
    public static final String CUBE_PARTIAL_STORE = "cube-partial";
    public static final String CUBE_MERGE_STORE = "cube-merge";

    // The nodes an attempt passes: the terminal step forwards to its children by these names.
    static final String EVENTS_SOURCE = "events-source";
    static final String TERMINAL_STEP = "terminal";
    static final String DEAD_LETTER_SINK = "dead-letter";
    static final String CLASSIFIED_SINK = "classified-sink";
    static final String HEALTH_SINK = "health-sink";
    static final String CUBE_FIRST_STAGE = "cube-partial";

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);
    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<byte[]> RAW = Serdes.ByteArray();

    private final AnalyticsConfig config;
    private final AttemptObserver observer;
    private final HealthGauges gauges;

    /** The service's {@code kafka.*}: what reaches and authenticates to the cluster, as for Kafka Streams. */
    private final Map<String, Object> kafkaConfig;

    public TopologyProducer(
            AnalyticsConfig config,
            AttemptObserver observer,
            HealthGauges gauges,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.observer = observer;
        this.gauges = gauges;
        this.kafkaConfig = kafkaConfig;
    }

    @Produces
    public Topology topology() {
        // Kafka Streams' clients are configured by Quarkus, not KafkaClientConfig: load native lz4 before they exist
        LOG.infof("lz4 for Kafka's records: %s", NativeLz4.ensureLoaded());
        return build(
                TopologySettings.of(config, config.cubeSources().orElseGet(this::attemptPartitions)), observer, gauges);
    }

    /** The attempts topic's partition count, as Kafka has it (the contract's where Kafka cannot tell yet). */
    private int attemptPartitions() {
        String topic = Topics.SIGNON_ATTEMPTS.name();
        try (Admin admin = Admin.create(KafkaClientConfig.of(
                kafkaConfig,
                Map.of(
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        10_000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        5_000)))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (Exception e) {
            LOG.warnf(
                    "cannot describe %s (%s): the cube waits for the contract's %d partitions",
                    topic, e, Topics.SIGNON_ATTEMPTS.partitions());
            return Topics.SIGNON_ATTEMPTS.partitions();
        }
    }

    /** The production topology, also for tests (TopologyTestDriver) without Quarkus. */
    public static Topology build(TopologySettings settings, AttemptObserver observer, HealthGauges gauges) {
        StreamsBuilder builder = new StreamsBuilder();
        Classifier classifier = new Classifier(settings.codeTables(), settings.classifier());
        TerminalStateMachine machine = new TerminalStateMachine(settings.terminalRules());

        // The global stores are held in memory and rebuilt from their compacted topics at every start: a
        // persistent global store could come back from a SIGKILL missing records (found by AnalyticsCrashIT).
        // Uncached: a record cache in front of a store in memory only adds a second lookup to every join.
        // The registry, a record per terminal of the fleet, is a compact store of compact values (90 bytes of heap a
        // terminal measured, where a GlobalKTable of the topic's JSON took 370): written by RegistryStoreUpdater, also
        // when Kafka Streams rebuilds it, and read by the enrich step and the diagnosis.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                CompactKeyValueStore.supplier(REGISTRY_STORE), KEYS, new CompactTerminalSerde())
                        .withLoggingDisabled()
                        .withCachingDisabled(),
                Topics.TERMINAL_REGISTRY.name(),
                consumed(Topics.TERMINAL_REGISTRY, "registry-source"),
                () -> new RegistryStoreUpdater(REGISTRY_STORE));
        // The declared maintenance windows, decoded once into an index by host that every failed attempt asks (a scan
        // of the store, decoding each window, grew with every window ever declared).
        MaintenanceIndex maintenance = new MaintenanceIndex();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(MAINTENANCE_STORE),
                                KEYS,
                                Topics.HOST_MAINTENANCE.valueSerde())
                        .withLoggingDisabled()
                        .withCachingDisabled(),
                Topics.HOST_MAINTENANCE.name(),
                consumed(Topics.HOST_MAINTENANCE, "maintenance-source"),
                () -> new MaintenanceStoreUpdater(MAINTENANCE_STORE, maintenance));

        // One store per terminal holds its state, its latest telemetry and the attempts it sent within the dedup
        // horizon: telemetry and attempts (co-partitioned by terminal) meet in one step, one read and one write an
        // event.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TERMINALS_STORE), KEYS, new TerminalEntrySerde()));
        TerminalProcessor.LegacyStores legacy = TerminalProcessor.LegacyStores.NONE;
        if (settings.legacyStores()) {
            // The layout before: restored from its changelogs, read only for terminals that have not moved yet.
            legacy = new TerminalProcessor.LegacyStores(
                    LEGACY_TERMINAL_STATE_STORE, LEGACY_TELEMETRY_STORE, LEGACY_DEDUP_STORE);
            legacyStoreBuilders(settings.dedupRetention()).forEach(builder::addStateStore);
        }
        TerminalProcessor.LegacyStores legacyStores = legacy;
        String[] terminalStores = settings.legacyStores()
                ? new String[] {TERMINALS_STORE, LEGACY_TERMINAL_STATE_STORE, LEGACY_TELEMETRY_STORE, LEGACY_DEDUP_STORE
                }
                : new String[] {TERMINALS_STORE};
        Decoders decoders = new Decoders(
                new Decoder<>(SignOnAttempt.class, ContractSchema.SIGNON_ATTEMPT, settings.trustValidatedMarks()),
                new Decoder<>(Telemetry.class, ContractSchema.TELEMETRY, settings.trustValidatedMarks()));
        TerminalProcessor.Children children =
                new TerminalProcessor.Children(DEAD_LETTER_SINK, CLASSIFIED_SINK, CUBE_FIRST_STAGE, HEALTH_SINK);

        // Each node on an attempt's path cost a copy of the record and its headers and the node's metrics:
        // with a dozen nodes, Kafka Streams' own work was about 30 % of analytics' CPU. So the two event topics
        // (co-partitioned by terminal: in the same tasks anyway) share one source, and one processor decodes,
        // folds and classifies, then forwards each output by name to the children that take it, with no split,
        // filter or mapValues between: an attempt passes the source, the terminal step, the classified sink and
        // the cube's first stage.
        KStream<String, Object> outputs = builder.stream(
                        List.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name()),
                        Consumed.with(KEYS, RAW).withName(EVENTS_SOURCE))
                .process(
                        () -> new TerminalProcessor(
                                decoders,
                                classifier,
                                machine,
                                gauges,
                                observer::classified,
                                settings.dedupRetention(),
                                TERMINALS_STORE,
                                REGISTRY_STORE,
                                maintenance,
                                legacyStores,
                                children),
                        Named.as(TERMINAL_STEP),
                        terminalStores);
        // each child below receives only the records forwarded to it by name, all of the type it is declared with
        KStream<String, byte[]> poison = forwardedAs(outputs);
        poison.to(Topics.DEAD_LETTER.name(), Produced.with(KEYS, RAW).withName(DEAD_LETTER_SINK));
        KStream<String, ClassifiedAttempt> classified = forwardedAs(outputs);
        classified.to(
                Topics.SIGNON_CLASSIFIED.name(),
                Produced.with(KEYS, classifiedRecords()).withName(CLASSIFIED_SINK));
        KStream<String, TerminalHealth> health = forwardedAs(outputs);
        health.to(Topics.TERMINAL_HEALTH.name(), produced(Topics.TERMINAL_HEALTH, HEALTH_SINK));

        // The cube in two stages: counts per input partition, judged late against that partition's own event time;
        // then the partials summed per cell, each window emitted once every input partition has closed it.
        builder.addStateStore(WriteBackStore.builder(CUBE_PARTIAL_STORE));
        builder.addStateStore(WriteBackStore.builder(CUBE_MERGE_STORE));
        // Both also send the open windows' counts so far every cube-running-every, for judging a window before it
        // closes.
        classified
                .process(
                        () -> new PartialCubeProcessor(
                                CUBE_PARTIAL_STORE,
                                settings.window(),
                                settings.grace(),
                                settings.cubeIdleAfter(),
                                settings.cubeRunningEvery(),
                                settings.cubeSources(),
                                observer),
                        Named.as(CUBE_FIRST_STAGE),
                        CUBE_PARTIAL_STORE)
                .repartition(Repartitioned.with(KEYS, CubeMessage.SERDE)
                        .withStreamPartitioner(CubeMessage.PARTITIONER)
                        .withName("cube-partials"))
                .process(
                        () -> new CubeMergeProcessor(
                                CUBE_MERGE_STORE,
                                settings.window(),
                                settings.cubeSources(),
                                settings.cubeRunningEvery(),
                                observer),
                        Named.as("cube-merge"),
                        CUBE_MERGE_STORE)
                .split(Named.as("cube-"))
                .branch(
                        (cellKey, merged) -> merged.running(),
                        Branched.withConsumer(
                                running -> running.mapValues(MergedCell::cell, Named.as("cube-running-cell"))
                                        .to(
                                                Topics.SIGNON_CUBE_RUNNING.name(),
                                                produced(Topics.SIGNON_CUBE_RUNNING, "cube-running-sink")),
                                "running"))
                .defaultBranch(Branched.withConsumer(
                        closed -> closed.mapValues(MergedCell::cell, Named.as("cube-closed-cell"))
                                .to(Topics.SIGNON_CUBE.name(), produced(Topics.SIGNON_CUBE, "cube-sink")),
                        "closed"));

        return builder.build();
    }

    /**
     * The stores of the layout before {@link #TERMINALS_STORE}, as that layout built them (names, serdes: so their
     * changelogs read back): the state in Smile, the latest telemetry as a timestamped table, the seen eventIds as a
     * window store.
     */
    public static List<StoreBuilder<?>> legacyStoreBuilders(Duration dedupRetention) {
        return List.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LEGACY_TERMINAL_STATE_STORE),
                        KEYS,
                        JsonSerde.smile(TerminalState.class)),
                Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(LEGACY_TELEMETRY_STORE),
                        KEYS,
                        Topics.DEVICE_TELEMETRY.valueSerde()),
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(LEGACY_DEDUP_STORE, dedupRetention, dedupRetention, false),
                        KEYS,
                        Serdes.Long()));
    }

    /**
     * What {@code signon.classified.v2} gets of a classified attempt: its {@link ClassifiedSignOn}, in the topic's own
     * serde's bytes. A sink's serde only serializes; nothing reads this topic back here.
     */
    private static Serde<ClassifiedAttempt> classifiedRecords() {
        Serializer<ClassifiedSignOn> records =
                Topics.SIGNON_CLASSIFIED.valueSerde().serializer();
        Serializer<ClassifiedAttempt> serializer = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, ClassifiedAttempt attempt) {
                return records.serialize(topic, attempt == null ? null : ClassifiedSignOn.of(attempt));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, ClassifiedAttempt attempt) {
                return records.serialize(topic, headers, attempt == null ? null : ClassifiedSignOn.of(attempt));
            }
        };
        Deserializer<ClassifiedAttempt> deserializer = (topic, bytes) -> {
            throw new UnsupportedOperationException("a classified attempt is written as a ClassifiedSignOn only");
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The terminal step's output, typed as what it forwards to the child named there. */
    @SuppressWarnings("unchecked")
    private static <V> KStream<String, V> forwardedAs(KStream<String, Object> outputs) {
        return (KStream<String, V>) (KStream<String, ?>) outputs;
    }

    private static <K, V> Consumed<K, V> consumed(Topic<K, V> topic, String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
