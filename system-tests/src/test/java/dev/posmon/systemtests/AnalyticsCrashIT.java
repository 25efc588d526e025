package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import dev.posmon.systemtests.SignOns.Kind;
import dev.posmon.systemtests.SignOns.Sent;
import dev.posmon.systemtests.SignOns.Totals;
import dev.posmon.testing.TopicProbe;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While a known stream of 40,000 attempts is being processed, the analytics JVM is killed with SIGKILL and
 * started again (same application id, same state directory); the cube then holds exactly what was sent,
 * window by window and cell by cell, and {@code signon.classified.v2} holds every attempt exactly once
 * (read_committed): nothing lost, nothing counted twice.
 * <p>
 * The stream is produced straight to {@code signon.attempts.v1} as a backlog, and analytics runs with its
 * default grace (PT30S). After the restart its 12 input tasks replay the rest of the backlog at different
 * speeds, minutes of event time apart; the cube judges lateness per input partition and closes a window only
 * when every partition has passed it, so none of the replay is dropped as late.
 */
@ExtendWith(SystemBroker.class)
class AnalyticsCrashIT {

    static final int TERMINALS = 2_000;
    static final int WINDOWS = 10;
    static final int PER_TERMINAL_AND_WINDOW = 2;
    static final int TOTAL = TERMINALS * WINDOWS * PER_TERMINAL_AND_WINDOW;
    /** The service's default; {@code -Dposmon.system-tests.crash-grace=PT2M} tries another. */
    static final Duration GRACE = Duration.parse(System.getProperty("posmon.system-tests.crash-grace", "PT30S"));

    static final String[] REGIONS = {"440305", "110105", "310115"};
    static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC"};
    static final List<Kind> FAILURES = List.of(Kind.HOST_96, Kind.MAC_A0, Kind.CONNECT_TIMEOUT, Kind.CARD_READER);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "posmon-analytics-it-" + run;
    private final String adminToken = UUID.randomUUID().toString();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Path stateDir = ServiceProcess.targetDir().resolve("analytics-state-" + run);
    private final long started = System.nanoTime();
    private ServiceProcess analytics;

    @AfterEach
    void stop() {
        executor.shutdownNow();
        ServiceProcess.closeAll(analytics);
        SystemBroker.deleteInternalTopics(applicationId);
        SystemBroker.deleteRecursively(stateDir);
    }

    @Test
    void sigkilledMidStreamAndRestartedItCountsEveryAttemptExactlyOnce() throws Exception {
        String bootstrap = SystemBroker.bootstrap();
        String model = "ITX-" + run;
        String acquirer = "ACQ-X-" + run;
        int partitions;
        try (Admin admin = admin(bootstrap)) {
            partitions = StreamClock.partitions(admin, Topics.SIGNON_ATTEMPTS.name());
        }
        StreamClock clock = new StreamClock("X" + run + "-CLK", "440305", "ITX-CLOCK-" + run, acquirer, partitions);
        List<TerminalRecord> fleet = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            fleet.add(SignOns.terminal("X" + run + "-" + i, REGIONS[i % REGIONS.length], model, acquirer));
        }
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(40, ChronoUnit.MINUTES);
        List<Sent> stream = stream(fleet, t0);
        Map<UUID, Sent> sentById =
                stream.stream().collect(Collectors.toMap(s -> s.attempt().eventId(), Function.identity()));
        Map<String, Totals> expected = SignOns.expectedCells(stream);

        // Not idempotent: on a fresh system broker the idempotent producer has had a partition's batches refused as
        // out of sequence until they expired; a registration written twice is harmless on a compacted topic.
        try (KafkaProducer<String, TerminalRecord> registry = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                Topics.TERMINAL_REGISTRY.keySerde().serializer(),
                Topics.TERMINAL_REGISTRY.valueSerde().serializer())) {
            List<Future<RecordMetadata>> written = new ArrayList<>();
            Stream.concat(fleet.stream(), clock.terminals().stream())
                    .forEach(t -> written.add(
                            registry.send(new ProducerRecord<>(Topics.TERMINAL_REGISTRY.name(), t.terminalId(), t))));
            registry.flush();
            for (var write : written) {
                write.get(30, TimeUnit.SECONDS); // a registration that did not reach the broker fails here, not as a
                // misclassification
            }
        }
        lap(fleet.size() + clock.terminals().size() + " terminals on " + Topics.TERMINAL_REGISTRY.name());

        analytics = ServiceProcess.startAnalytics(run, bootstrap, adminToken, applicationId, stateDir, GRACE)
                .awaitStreamsRunning();
        lap("analytics (pid " + analytics.pid() + ") streams RUNNING");
        String repartition = StreamClock.cubeRepartitionTopic(applicationId);
        try (Admin admin = admin(bootstrap)) {
            assertThat(StreamClock.partitions(admin, repartition))
                    .as("partitions of " + repartition)
                    .isEqualTo(partitions);
        }

        try (KafkaProducer<String, SignOnAttempt> attempts = producer(bootstrap, Topics.SIGNON_ATTEMPTS);
                TopicProbe<String, ClassifiedSignOn> classified =
                        TopicProbe.fromNow(bootstrap, Topics.SIGNON_CLASSIFIED);
                TopicProbe<String, CubeCell> cube = TopicProbe.fromNow(bootstrap, Topics.SIGNON_CUBE)) {
            // Barrier: every input and repartition partition has been read and committed before the stream, so a
            // restart resumes from committed offsets everywhere (the tests start analytics at the topics' ends).
            List<SignOnAttempt> warmUp = clock.tick(t0.minus(1, ChronoUnit.MINUTES));
            send(attempts, warmUp);
            Set<UUID> warmUpIds = warmUp.stream().map(SignOnAttempt::eventId).collect(Collectors.toSet());
            assertThat(classified.await(
                            r -> warmUpIds.contains(r.value().eventId()), warmUp.size(), Duration.ofSeconds(90)))
                    .as("warm-up attempts classified")
                    .hasSize(warmUp.size());
            awaitCommitted(bootstrap, List.of(Topics.SIGNON_ATTEMPTS.name(), repartition), partitions);
            lap("warm-up classified; offsets committed on every partition of both input topics");

            AtomicInteger acked = new AtomicInteger();
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            long produceStart = System.nanoTime();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(
                    () -> {
                        for (Sent one : stream) {
                            attempts.send(record(one.attempt()), (metadata, e) -> {
                                if (e == null) {
                                    acked.incrementAndGet();
                                } else {
                                    sendFailure.compareAndSet(null, e);
                                }
                            });
                        }
                        attempts.flush();
                    },
                    executor);

            int killAt = TOTAL / 4 + 1;
            Set<UUID> beforeKill =
                    classified
                            .await(r -> sentById.containsKey(r.value().eventId()), killAt, Duration.ofSeconds(90))
                            .stream()
                            .map(r -> r.value().eventId())
                            .collect(Collectors.toSet());
            int classifiedAtKill = beforeKill.size();
            assertThat(classifiedAtKill)
                    .as("attempts classified within 90 s of the stream's start")
                    .isGreaterThanOrEqualTo(killAt);
            int producedAtKill = acked.get();
            analytics.kill();
            lap(String.format(
                    "SIGKILL analytics: %d of %d attempts classified (committed), %d produced, %.1f s into the stream",
                    classifiedAtKill, TOTAL, producedAtKill, (System.nanoTime() - produceStart) / 1e9));

            analytics = analytics.restart().awaitStreamsRunning();
            lap("analytics restarted (pid " + analytics.pid()
                    + ", same application id and state dir), streams RUNNING");
            producing.get(60, TimeUnit.SECONDS);
            assertThat(sendFailure.get()).as("producer errors").isNull();
            assertThat(acked.get()).as("attempts acknowledged by the broker").isEqualTo(TOTAL);

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ours(classified.drain(Duration.ofSeconds(10)), sentById)
                                    .keySet()
                                    .size()
                            == TOTAL);
            lap("all " + TOTAL + " attempts classified");

            // Close all ten windows: clock attempts past the last window's end plus the grace, a round at a time.
            Instant after = t0.plus(WINDOWS, ChronoUnit.MINUTES).plus(GRACE).plus(1, ChronoUnit.MINUTES);
            AtomicInteger tick = new AtomicInteger();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(1500))
                    .untilAsserted(() -> {
                        send(attempts, clock.tick(after.plusSeconds(tick.getAndIncrement())));
                        assertThat(cells(cube.drain(Duration.ofSeconds(10)), model)
                                        .keySet())
                                .containsAll(expected.keySet());
                    });
            lap("all " + WINDOWS + " windows closed after " + tick.get() + " clock rounds");

            Map<UUID, List<ClassifiedSignOn>> out = ours(classified.drain(Duration.ofSeconds(10)), sentById);
            Map<UUID, Integer> duplicated = out.entrySet().stream()
                    .filter(e -> e.getValue().size() != 1)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().size()));
            assertThat(duplicated)
                    .as("eventIds on %s more than once (read_committed)", Topics.SIGNON_CLASSIFIED.name())
                    .isEmpty();
            assertThat(out.keySet())
                    .as("eventIds on %s", Topics.SIGNON_CLASSIFIED.name())
                    .isEqualTo(sentById.keySet());
            List<ClassifiedSignOn> wrong = out.values().stream()
                    .map(list -> list.get(0))
                    .filter(c -> c.cause() != sentById.get(c.eventId()).kind().cause
                            || !c.province().equals(sentById.get(c.eventId()).province()))
                    .toList();
            List<String> misclassified = wrong.stream()
                    .map(c -> c.eventId() + ": " + c.cause() + "/" + c.province())
                    .limit(20)
                    .toList();
            assertThat(misclassified)
                    .as(() -> "attempts with another cause or province than sent: " + wrong.size() + " in all, "
                            + wrong.stream()
                                    .filter(c -> beforeKill.contains(c.eventId()))
                                    .count() + " of them seen before the kill; "
                            + "the restarted instance now says of "
                            + wrong.get(0).terminalId() + ": "
                            + diagnosis(wrong.get(0).terminalId()))
                    .isEmpty();

            List<CubeCell> emitted = cube.drain(Duration.ofSeconds(10)).stream()
                    .map(ConsumerRecord::value)
                    .filter(cell -> cell.model().equals(model))
                    .toList();
            Map<Instant, Totals> expectedWindows = byWindow(expected);
            Map<Instant, Totals> actualWindows = byWindow(cells(cube.drain(Duration.ofSeconds(10)), model));
            System.out.println("AnalyticsCrashIT per-window totals (sent | cube):");
            expectedWindows.forEach((window, totals) -> System.out.printf(
                    "  %s  %s%n  %s  %s%n",
                    window, totals, " ".repeat(window.toString().length()), actualWindows.get(window)));
            assertThat(emitted)
                    .as("each cell emitted once")
                    .extracting(CubeCell::key)
                    .doesNotHaveDuplicates();
            assertThat(actualWindows).as("per-window totals").isEqualTo(expectedWindows);
            assertThat(cells(cube.drain(Duration.ofSeconds(10)), model))
                    .as("cells")
                    .isEqualTo(expected);
            lap("asserted " + TOTAL + " classified attempts and " + expected.size() + " cells");
        }
    }

    /**
     * Attempt j of terminal i in window w: (4 + w) in 20 attempts fail (20 % in the first window, 65 % in the
     * last, so no two windows have the same totals), the causes rotating through the four kinds.
     */
    static Kind kind(int i, int w, int j) {
        boolean failed = (i * 7 + j * 11) % 20 < 4 + w;
        return failed ? FAILURES.get((i + w + j) % FAILURES.size()) : Kind.SUCCESS;
    }

    /** Per window: every terminal twice, at :ss and :ss+30. */
    private static List<Sent> stream(List<TerminalRecord> fleet, Instant t0) {
        List<Sent> stream = new ArrayList<>(TOTAL);
        for (int w = 0; w < WINDOWS; w++) {
            for (int j = 0; j < PER_TERMINAL_AND_WINDOW; j++) {
                for (int i = 0; i < fleet.size(); i++) {
                    TerminalRecord terminal = fleet.get(i);
                    Kind kind = kind(i, w, j);
                    Instant at = t0.plus(w, ChronoUnit.MINUTES).plusSeconds(i % 30 + 30L * j);
                    stream.add(new Sent(
                            SignOns.attempt(
                                    terminal.terminalId(),
                                    at,
                                    kind,
                                    CARRIERS[(i / REGIONS.length) % CARRIERS.length],
                                    SignOns.FIRMWARE),
                            kind,
                            terminal));
                }
            }
        }
        return stream;
    }

    /** Waits until the application's group has committed offsets on every partition of the topics. */
    private void awaitCommitted(String bootstrap, List<String> topics, int partitions) {
        try (Admin admin = admin(bootstrap)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        for (String topic : topics) {
                            for (int p = 0; p < partitions; p++) {
                                assertThat(committed)
                                        .as("committed offsets of %s", applicationId)
                                        .containsKey(new TopicPartition(topic, p));
                            }
                        }
                    });
        }
    }

    /** Our attempts on the classified topic, by eventId, with every copy read. */
    private static Map<UUID, List<ClassifiedSignOn>> ours(
            List<ConsumerRecord<String, ClassifiedSignOn>> records, Map<UUID, Sent> sent) {
        Map<UUID, List<ClassifiedSignOn>> byId = new HashMap<>();
        for (ConsumerRecord<String, ClassifiedSignOn> record : records) {
            UUID id = record.value().eventId();
            if (sent.containsKey(id)) {
                byId.computeIfAbsent(id, k -> new ArrayList<>(1)).add(record.value());
            }
        }
        return byId;
    }

    /** The cells of the model, by key (the first of each key; duplicates are asserted separately). */
    private static Map<String, Totals> cells(List<ConsumerRecord<String, CubeCell>> records, String model) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(cell -> cell.model().equals(model))
                .collect(Collectors.toMap(CubeCell::key, Totals::of, (first, again) -> first, TreeMap::new));
    }

    /** Cells summed per window (the key starts with the window start). */
    private static Map<Instant, Totals> byWindow(Map<String, Totals> cells) {
        Map<Instant, Totals> windows = new TreeMap<>();
        cells.forEach((key, totals) ->
                windows.merge(Instant.parse(key.substring(0, key.indexOf('|'))), totals, Totals::plus));
        return windows;
    }

    private static void send(KafkaProducer<String, SignOnAttempt> producer, List<SignOnAttempt> attempts) {
        attempts.forEach(attempt -> producer.send(record(attempt)));
        producer.flush();
    }

    /** The analytics instance's diagnosis of a terminal (its registry record among it), to explain a failure. */
    private String diagnosis(String terminalId) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(analytics.uri("/v1/terminals/" + terminalId + "/diagnosis"))
                                    .header("Authorization", "Bearer " + adminToken)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "(no diagnosis: " + e + ")";
        }
    }

    private static ProducerRecord<String, SignOnAttempt> record(SignOnAttempt attempt) {
        return new ProducerRecord<>(Topics.SIGNON_ATTEMPTS.name(), attempt.terminalId(), attempt);
    }

    /** An idempotent acks=all producer for a topic's serdes. */
    private static <K, V> KafkaProducer<K, V> producer(String bootstrap, Topic<K, V> topic) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void lap(String what) {
        System.out.printf("AnalyticsCrashIT %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
