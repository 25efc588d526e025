package dev.posmon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.simulator.io.IngestClient;
import dev.posmon.systemtests.SignOns.Kind;
import dev.posmon.systemtests.SignOns.Sent;
import dev.posmon.systemtests.SignOns.Totals;
import dev.posmon.testing.TopicProbe;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events posted through ingest-service's HTTP API arrive classified on {@code signon.classified.v2} and
 * counted in the leaf cube on {@code signon.cube.v1}: both packaged services run as child processes on
 * the real broker; the test speaks only HTTP to ingest and reads only topics.
 */
@ExtendWith(SystemBroker.class)
class PipelineIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * For analytics' first records and first closed window. Generous: each of its 12 cube tasks, on its first
     * window close, scans its cached window store from time 0 (Kafka Streams' emit-on-window-close), seconds of
     * CPU each; on a loaded 2-core machine that has taken over a minute, and past the 10 s transaction timeout
     * the thread is fenced and does it again.
     */
    private static final Duration FIRST_OUTPUT = Duration.ofSeconds(150);

    private static long started;
    private static String bootstrap;
    private static String run;
    private static String adminToken;
    private static String applicationId;
    private static Path stateDir;
    private static ServiceProcess ingest;
    private static ServiceProcess analytics;
    private static IngestClient api;

    @BeforeAll
    static void startServices() {
        started = System.nanoTime();
        bootstrap = SystemBroker.bootstrap();
        run = UUID.randomUUID().toString().substring(0, 8);
        adminToken = UUID.randomUUID().toString();
        applicationId = "posmon-analytics-it-" + run;
        stateDir = ServiceProcess.targetDir().resolve("analytics-state-" + run);
        ingest = ServiceProcess.startIngest(run, bootstrap, adminToken);
        analytics = ServiceProcess.startAnalytics(
                run, bootstrap, adminToken, applicationId, stateDir, Duration.ofSeconds(5));
        ingest.awaitReady();
        analytics.awaitStreamsRunning();
        api = new IngestClient(ingest.uri("/"), adminToken);
        lap("ingest ready, analytics streams RUNNING");
    }

    @AfterAll
    static void stopServices() {
        ServiceProcess.closeAll(ingest, analytics);
        SystemBroker.deleteInternalTopics(applicationId);
        SystemBroker.deleteRecursively(stateDir);
    }

    @Test
    void postedAttemptsArriveClassifiedAndCountedInTheCube() throws Exception {
        String acquirer = "ACQ-IT-" + run;
        String apiKey = api.createCredential("system test " + run, acquirer, null);
        String model = "IT-" + run;
        List<TerminalRecord> fleet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fleet.add(SignOns.terminal(
                    String.format("IT%s-P%02d", run, i), i < 10 ? "440305" : "110105", model, acquirer));
        }
        StreamClock clock = clock(acquirer);
        api.importTerminals(
                apiKey,
                Stream.concat(fleet.stream(), clock.terminals().stream()).toList());
        lap("credential created, " + (fleet.size() + clock.terminals().size()) + " terminals imported");

        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        try (TopicProbe<String, ClassifiedSignOn> classified = TopicProbe.fromNow(bootstrap, Topics.SIGNON_CLASSIFIED);
                TopicProbe<String, CubeCell> cube = TopicProbe.fromNow(bootstrap, Topics.SIGNON_CUBE)) {
            // Barrier: analytics reads every input partition and knows the registry before the attempts under test.
            Instant before = window.minus(2, ChronoUnit.MINUTES);
            List<SignOnAttempt> warmUp = new ArrayList<>(clock.tick(before));
            fleet.forEach(terminal ->
                    warmUp.add(SignOns.attempt(terminal.terminalId(), before, Kind.SUCCESS, "CMCC", SignOns.FIRMWARE)));
            api.postEvents(apiKey, warmUp);
            awaitClassified(classified, warmUp, FIRST_OUTPUT);
            lap("warm-up classified (" + warmUp.size() + " attempts)");

            List<Sent> sent = script(fleet, window);
            api.postEvents(apiKey, sent.stream().map(Sent::attempt).toList());

            Map<UUID, ClassifiedSignOn> out =
                    awaitClassified(classified, sent.stream().map(Sent::attempt).toList(), TIMEOUT);
            lap(sent.size() + " attempts posted and classified");
            for (Sent one : sent) {
                ClassifiedSignOn got = out.get(one.attempt().eventId());
                assertThat(List.of(got.terminalId(), got.occurredAt(), got.outcome(), got.hostId()))
                        .as("attempt %s as sent", one.attempt().eventId())
                        .isEqualTo(List.of(
                                one.attempt().terminalId(),
                                one.attempt().occurredAt(),
                                one.attempt().outcome(),
                                one.attempt().hostId()));
                assertThat(got.registered())
                        .as("%s registered", one.attempt().terminalId())
                        .isTrue();
                assertThat(got.province())
                        .as("province of %s", one.attempt().terminalId())
                        .isEqualTo(one.province());
                assertThat(got.model()).isEqualTo(model);
                assertThat(got.cause()).as("cause of a %s attempt", one.kind()).isEqualTo(one.kind().cause);
                if (one.kind() == Kind.SUCCESS) {
                    assertThat(got.evidence()).isNull();
                } else {
                    assertThat(got.evidence())
                            .as("evidence of a %s attempt", one.kind())
                            .isNotNull();
                }
            }

            // Close the window: clock attempts a minute after its end, a round at a time, until its cells are out.
            Map<String, Totals> expected = SignOns.expectedCells(sent);
            Instant after = window.plus(2, ChronoUnit.MINUTES);
            AtomicInteger tick = new AtomicInteger();
            await().atMost(FIRST_OUTPUT).pollInterval(Duration.ofMillis(1500)).untilAsserted(() -> {
                api.postEvents(apiKey, clock.tick(after.plusSeconds(tick.getAndIncrement())));
                assertThat(cells(cube.drain(TIMEOUT), window, model).keySet()).containsAll(expected.keySet());
            });
            List<CubeCell> emitted = cube.drain(TIMEOUT).stream()
                    .map(ConsumerRecord::value)
                    .filter(cell ->
                            cell.windowStart().equals(window) && cell.model().equals(model))
                    .toList();
            lap("window " + window + " closed after " + tick.get() + " clock rounds; " + emitted.size() + " cells:");
            emitted.forEach(cell -> System.out.println("  " + cell));

            assertThat(emitted)
                    .as("each cell of the window emitted once")
                    .extracting(CubeCell::key)
                    .doesNotHaveDuplicates();
            assertThat(cells(cube.drain(TIMEOUT), window, model)).isEqualTo(expected);
            assertThat(emitted).allSatisfy(cell -> {
                assertThat(cell.windowEnd()).isEqualTo(window.plus(1, ChronoUnit.MINUTES));
                assertThat(cell.failures()).isEqualTo(cell.attempts() - cell.successes());
            });
            Totals total = expected.values().stream().reduce(Totals.zero(), Totals::plus);
            assertThat(emitted.stream().map(Totals::of).reduce(Totals.zero(), Totals::plus))
                    .isEqualTo(total);
            assertThat(total.attempts()).isEqualTo(sent.size());
        }
    }

    private static void lap(String what) {
        System.out.printf("PipelineIT %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /**
     * The attempts under test, all in one one-minute window: per terminal, the kinds it sends. Terminals
     * P00-P09 are in Shenzhen (province 440000), P10-P19 in Beijing (110000); even ones on CMCC, odd ones on
     * CUCC, so each province has two cells. P18 sends nothing; P19 fails twice with different causes.
     */
    private static List<Sent> script(List<TerminalRecord> fleet, Instant window) {
        List<List<Kind>> kinds = List.of(
                List.of(Kind.SUCCESS, Kind.SUCCESS),
                List.of(Kind.SUCCESS, Kind.SUCCESS),
                List.of(Kind.SUCCESS, Kind.HOST_96),
                List.of(Kind.HOST_96, Kind.HOST_96),
                List.of(Kind.MAC_A0, Kind.SUCCESS),
                List.of(Kind.CONNECT_TIMEOUT, Kind.CONNECT_TIMEOUT, Kind.CONNECT_TIMEOUT),
                List.of(Kind.SUCCESS),
                List.of(Kind.HOST_96),
                List.of(Kind.MAC_A0),
                List.of(Kind.SUCCESS, Kind.SUCCESS, Kind.SUCCESS),
                List.of(Kind.SUCCESS),
                List.of(Kind.HOST_96, Kind.SUCCESS),
                List.of(Kind.MAC_A0, Kind.MAC_A0),
                List.of(Kind.CONNECT_TIMEOUT),
                List.of(Kind.SUCCESS, Kind.SUCCESS),
                List.of(Kind.HOST_96),
                List.of(Kind.CONNECT_TIMEOUT, Kind.SUCCESS),
                List.of(Kind.SUCCESS),
                List.of(),
                List.of(Kind.MAC_A0, Kind.HOST_96));
        List<Sent> sent = new ArrayList<>();
        int second = 3;
        for (int i = 0; i < fleet.size(); i++) {
            TerminalRecord terminal = fleet.get(i);
            String carrier = i % 2 == 0 ? "CMCC" : "CUCC";
            for (Kind kind : kinds.get(i)) {
                sent.add(new Sent(
                        SignOns.attempt(
                                terminal.terminalId(), window.plusSeconds(second++), kind, carrier, SignOns.FIRMWARE),
                        kind,
                        terminal));
            }
        }
        assertThat(second).as("every attempt inside the window").isLessThan(60);
        return sent;
    }

    /** Clock terminals covering every partition of the attempts topic (the cube's repartition topic has as many). */
    private StreamClock clock(String acquirer) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = StreamClock.partitions(admin, Topics.SIGNON_ATTEMPTS.name());
            assertThat(StreamClock.partitions(admin, StreamClock.cubeRepartitionTopic(applicationId)))
                    .as("partitions of analytics' cube repartition topic")
                    .isEqualTo(partitions);
            return new StreamClock("IT" + run + "-CLK", "440305", "IT-CLOCK-" + run, acquirer, partitions);
        }
    }

    /** The cells of one window and model, by key. */
    private static Map<String, Totals> cells(
            List<ConsumerRecord<String, CubeCell>> records, Instant window, String model) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(cell ->
                        cell.windowStart().equals(window) && cell.model().equals(model))
                .collect(Collectors.toMap(CubeCell::key, Totals::of, (first, again) -> first, TreeMap::new));
    }

    /** Waits until every given attempt is on the classified topic; returns them by eventId. */
    private static Map<UUID, ClassifiedSignOn> awaitClassified(
            TopicProbe<String, ClassifiedSignOn> probe, List<SignOnAttempt> attempts, Duration timeout) {
        Set<UUID> ids = attempts.stream().map(SignOnAttempt::eventId).collect(Collectors.toSet());
        List<ConsumerRecord<String, ClassifiedSignOn>> seen =
                probe.await(r -> ids.contains(r.value().eventId()), ids.size(), timeout);
        Map<UUID, ClassifiedSignOn> byId = seen.stream()
                .map(ConsumerRecord::value)
                .collect(
                        Collectors.toMap(c -> c.eventId(), Function.identity(), (first, again) -> first, HashMap::new));
        assertThat(byId.keySet())
                .as("attempts on %s within %s", Topics.SIGNON_CLASSIFIED.name(), timeout)
                .isEqualTo(ids);
        return byId;
    }
}
