package dev.posmon.analytics.terminal;

import static dev.posmon.analytics.TestEvents.registered;
import static dev.posmon.analytics.TestEvents.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.aggregate.CellCounts;
import dev.posmon.analytics.topology.TopologyProducer;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/**
 * The state-migration test on the real broker: before analytics starts, a Kafka Streams application under the same
 * application id writes a terminal into the three stores of the layout before {@code terminals}, with the very store
 * builders that layout used, so that their changelogs hold what an instance of the old version left. Analytics then
 * starts on a fresh state directory, restores them, and moves the terminal over at its first event: an attempt the old
 * layout had counted is not counted again, the old latest telemetry decides a failure's cause, and the old STUCK state
 * ends with the terminal's next success, its consecutive failures carried on. The old layout's cube store held an open
 * window's cell as one record per cell (before batches, {@code WriteBackStore}): that cell is counted, once, in the
 * window the terminal's first attempt closes.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LegacyStoresMigrationIT.OldLayout.class)
class LegacyStoresMigrationIT {

    static final String TERMINAL = "LG-" + UUID.randomUUID().toString().substring(0, 8);
    static final Instant SEEN_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    static final Instant STUCK_SINCE = SEEN_AT.minus(Duration.ofMinutes(40));
    /** An attempt the old version classified and counted: its eventId is in the old dedup store. */
    static final SignOnAttempt SEEN_BEFORE = failure(SEEN_AT, "96");
    /**
     * A window the old version's cube had open in the terminal's partition, five minutes before it, with a cell of
     * {@link #LEGACY_CELL_ATTEMPTS} attempts written as that version wrote cells: one changelog record per cell.
     */
    static final long LEGACY_WINDOW = SEEN_AT.minus(Duration.ofMinutes(5)).toEpochMilli() / 60_000 * 60_000;

    static final String LEGACY_HOST = "LEGACY-" + UUID.randomUUID().toString().substring(0, 8);
    static final String LEGACY_CELL =
            CubeCell.cellKey("440000", LEGACY_HOST, "CMCC", "P2000", "FW-7.4", "3.2.1", "ACQ-LG");
    static final int LEGACY_CELL_ATTEMPTS = 5;

    @Test
    void anInstanceOnTheOldStoresChangelogsMovesTheTerminalOverAndCountsNothingTwice() throws Exception {
        send(Topics.TERMINAL_REGISTRY, TERMINAL, registered(TERMINAL, MerchantStatus.ACTIVE));
        String bootstrap = KafkaTestResource.bootstrapServers();
        try (TopicProbe<String, ClassifiedSignOn> classified = TopicProbe.fromNow(bootstrap, Topics.SIGNON_CLASSIFIED);
                TopicProbe<String, TerminalHealth> health = TopicProbe.fromNow(bootstrap, Topics.TERMINAL_HEALTH);
                TopicProbe<String, CubeCell> cube = TopicProbe.fromNow(bootstrap, Topics.SIGNON_CUBE)) {
            SignOnAttempt noCode = failure(SEEN_AT.plusSeconds(60), null);
            SignOnAttempt success = new SignOnAttempt(
                    UUID.randomUUID(),
                    TERMINAL,
                    SEEN_AT.plusSeconds(120),
                    "H1",
                    Outcome.SUCCESS,
                    Stage.COMPLETE,
                    "00",
                    null,
                    null,
                    700,
                    1,
                    new Network(Network.NetworkType._4G, "CMCC", -70),
                    "3.2.1",
                    "FW-7.4",
                    null);
            send(Topics.SIGNON_ATTEMPTS, TERMINAL, SEEN_BEFORE);
            send(Topics.SIGNON_ATTEMPTS, TERMINAL, noCode);
            send(Topics.SIGNON_ATTEMPTS, TERMINAL, success);

            assertThat(classified.await(r -> success.eventId().equals(r.value().eventId()), 1, Duration.ofSeconds(120)))
                    .as("the last attempt classified")
                    .hasSize(1);
            // one partition, in order: everything sent before the success has been classified by now
            List<ClassifiedSignOn> ours = classified.await(r -> TERMINAL.equals(r.key()), 0, Duration.ZERO).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(ours)
                    .extracting(ClassifiedSignOn::eventId)
                    .as("the attempt the old layout had seen is not counted again")
                    .containsExactly(noCode.eventId(), success.eventId());
            assertThat(ours.get(0).cause())
                    .as("decided by the old store's latest telemetry")
                    .isEqualTo(Cause.HARDWARE);
            assertThat(ours.get(0).evidence().fields()).containsEntry("cardReaderErrors", "7");

            List<ConsumerRecord<String, TerminalHealth>> recovered =
                    health.await(r -> TERMINAL.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(recovered).singleElement().satisfies(r -> {
                assertThat(r.value().state())
                        .as("the old STUCK ends with the next success")
                        .isEqualTo(TerminalHealth.State.RECOVERED);
                assertThat(r.value().consecutiveFailures())
                        .as("12 before the upgrade, 1 after")
                        .isEqualTo(13);
            });

            // the terminal's first attempt closed the old window in its partition; the other partitions, which never
            // received an attempt, let it go once idle (a minute)
            assertThat(cube.await(
                            r -> LEGACY_HOST.equals(r.value().host())
                                    && r.value().windowStart().toEpochMilli() == LEGACY_WINDOW,
                            1,
                            Duration.ofSeconds(180)))
                    .as("the cell the old cube layout held, counted once in its window")
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.value().attempts()).isEqualTo(LEGACY_CELL_ATTEMPTS);
                        assertThat(r.value().cellKey()).isEqualTo(LEGACY_CELL);
                    });
        }
    }

    /** A cell's counts as the cube's first stage wrote them before batches: its key and {@link CellCounts#toBytes}. */
    static KeyValue<String, byte[]> legacyCell() {
        CellCounts counts = new CellCounts();
        for (int i = 0; i < LEGACY_CELL_ATTEMPTS; i++) {
            SignOnAttempt attempt = new SignOnAttempt(
                    UUID.randomUUID(),
                    "LG-OTHER-" + i,
                    Instant.ofEpochMilli(LEGACY_WINDOW + i),
                    LEGACY_HOST,
                    Outcome.SUCCESS,
                    Stage.COMPLETE,
                    "00",
                    null,
                    null,
                    500,
                    1,
                    new Network(Network.NetworkType._4G, "CMCC", -70),
                    "3.2.1",
                    "FW-7.4",
                    null);
            counts.add(
                    new ClassifiedAttempt(
                            attempt,
                            true,
                            "440000",
                            "440100",
                            null,
                            null,
                            "P2000",
                            null,
                            LEGACY_HOST,
                            "ACQ-LG",
                            null,
                            MerchantStatus.ACTIVE,
                            null,
                            null),
                    false);
        }
        String window = Long.toString(LEGACY_WINDOW);
        return KeyValue.pair("c|" + "0".repeat(19 - window.length()) + window + "|" + LEGACY_CELL, counts.toBytes());
    }

    static SignOnAttempt failure(Instant at, String code) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                TERMINAL,
                at,
                "H1",
                Outcome.FAILURE,
                Stage.AUTH,
                code,
                null,
                null,
                800,
                1,
                new Network(Network.NetworkType._4G, "CMCC", -70),
                "3.2.1",
                "FW-7.4",
                null);
    }

    /**
     * Writes the terminal into the old layout's stores under a new application id (analytics' group starting at the
     * event topics' ends, as for every other test), then hands analytics that id and an empty state directory.
     */
    public static class OldLayout implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String applicationId = "posmon-analytics-it-" + run;
            String bootstrap = KafkaTestResource.bootstrapServers();
            KafkaTestResource.startGroupAtEnd(
                    applicationId, List.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name()));
            String seeds = "posmon-it-legacy-seeds-" + run;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                // as many partitions as the event topics: a task's changelog partition is its input partition
                int partitions = admin.describeTopics(List.of(Topics.SIGNON_ATTEMPTS.name()))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(Topics.SIGNON_ATTEMPTS.name())
                        .partitions()
                        .size();
                admin.createTopics(List.of(new NewTopic(seeds, partitions, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                writeOldStores(bootstrap, applicationId, seeds);
                admin.deleteTopics(List.of(seeds));
                return Map.of(
                        "quarkus.kafka-streams.application-id",
                        applicationId,
                        "posmon.analytics.state-dir",
                        Files.createTempDirectory("posmon-analytics-it").toString());
            } catch (Exception e) {
                throw new IllegalStateException("could not write the old layout's stores", e);
            }
        }

        private static void writeOldStores(String bootstrap, String applicationId, String seeds)
                throws InterruptedException, IOException {
            CountDownLatch written = new CountDownLatch(1);
            StreamsBuilder builder = new StreamsBuilder();
            TopologyProducer.legacyStoreBuilders(Duration.parse("P2DT1H")).forEach(builder::addStateStore);
            // the cube's first stage as it was: an in-memory store with its changelog, one record per cell
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(TopologyProducer.CUBE_PARTIAL_STORE),
                    Serdes.String(),
                    Serdes.ByteArray()));
            builder.stream(seeds, Consumed.with(Serdes.String(), Serdes.String()))
                    .process(
                            () -> new Processor<String, String, Void, Void>() {
                                private ProcessorContext<Void, Void> context;

                                @Override
                                public void init(ProcessorContext<Void, Void> context) {
                                    this.context = context;
                                }

                                @Override
                                public void process(Record<String, String> seed) {
                                    KeyValueStore<String, TerminalState> states =
                                            context.getStateStore(TopologyProducer.LEGACY_TERMINAL_STATE_STORE);
                                    TimestampedKeyValueStore<String, Telemetry> telemetry =
                                            context.getStateStore(TopologyProducer.LEGACY_TELEMETRY_STORE);
                                    WindowStore<String, Long> seen =
                                            context.getStateStore(TopologyProducer.LEGACY_DEDUP_STORE);
                                    states.put(
                                            TERMINAL,
                                            new TerminalState(
                                                    TERMINAL,
                                                    "440000",
                                                    "H1",
                                                    SEEN_AT,
                                                    null,
                                                    STUCK_SINCE,
                                                    12,
                                                    Cause.HOST_UNAVAILABLE,
                                                    List.of(),
                                                    TerminalState.Health.STUCK,
                                                    STUCK_SINCE,
                                                    List.of()));
                                    telemetry.put(
                                            TERMINAL,
                                            ValueAndTimestamp.make(
                                                    new Telemetry(
                                                            UUID.randomUUID(),
                                                            TERMINAL,
                                                            SEEN_AT,
                                                            80,
                                                            true,
                                                            null,
                                                            100,
                                                            Telemetry.Printer.OK,
                                                            7,
                                                            false,
                                                            false,
                                                            200,
                                                            3600L,
                                                            1,
                                                            "3.2.1",
                                                            "FW-7.4",
                                                            null,
                                                            null),
                                                    SEEN_AT.toEpochMilli()));
                                    seen.put(
                                            SEEN_BEFORE.eventId().toString(),
                                            SEEN_AT.toEpochMilli(),
                                            SEEN_AT.toEpochMilli());
                                    KeyValueStore<String, byte[]> cube =
                                            context.getStateStore(TopologyProducer.CUBE_PARTIAL_STORE);
                                    KeyValue<String, byte[]> cell = legacyCell();
                                    cube.put(cell.key, cell.value);
                                    written.countDown();
                                }
                            },
                            TopologyProducer.LEGACY_TERMINAL_STATE_STORE,
                            TopologyProducer.LEGACY_TELEMETRY_STORE,
                            TopologyProducer.LEGACY_DEDUP_STORE,
                            TopologyProducer.CUBE_PARTIAL_STORE);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("posmon-old-layout").toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            // analytics joins the same group next: this member must not hold the group for the default 45 s
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
            try (KafkaStreams old = new KafkaStreams(builder.build(), props)) {
                old.start();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>(seeds, TERMINAL, "seed")).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (!written.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the old layout's stores were not written within 120 s");
                }
                // a clean close flushes the stores, so their changelogs hold the entries
                if (!old.close(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the old layout's application did not close within 60 s");
                }
            }
        }

        @Override
        public void stop() {
            // the temp directories are small and the OS cleans /tmp
        }
    }
}
