package dev.posmon.analytics.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.posmon.analytics.terminal.HealthGauges;
import dev.posmon.analytics.terminal.TerminalEntry;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.cube.TerminalSet;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology (TopologyProducer.build) under TopologyTestDriver, with explicit event times. */
class TopologyTest {

    static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path stateDir;

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> attempts;
    TestInputTopic<String, byte[]> telemetry;
    TestInputTopic<String, TerminalRecord> registry;
    TestInputTopic<String, MaintenanceWindow> maintenance;
    TestOutputTopic<String, ClassifiedSignOn> classified;
    TestOutputTopic<String, CubeCell> cube;
    TestOutputTopic<String, CubeCell> runningCube;
    TestOutputTopic<String, TerminalHealth> health;
    TestOutputTopic<byte[], byte[]> deadLetter;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(
                TopologyProducer.build(
                        TopologySettings.defaults().withCubeSources(1), AttemptObserver.NONE, new HealthGauges()),
                driverProps("posmon-analytics-test"));
        attempts = driver.createInputTopic(
                Topics.SIGNON_ATTEMPTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        telemetry = driver.createInputTopic(
                Topics.DEVICE_TELEMETRY.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        registry = input(Topics.TERMINAL_REGISTRY);
        maintenance = input(Topics.HOST_MAINTENANCE);
        classified = output(Topics.SIGNON_CLASSIFIED);
        cube = output(Topics.SIGNON_CUBE);
        runningCube = output(Topics.SIGNON_CUBE_RUNNING);
        health = output(Topics.TERMINAL_HEALTH);
        deadLetter = output(Topics.DEAD_LETTER);
    }

    private Properties driverProps(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // ---------------------------------------------------------------- the topology's shape

    @Test
    void anAttemptPassesOneSourceForBothEventTopicsOneProcessorAndTheSink() {
        TopologyDescription described = TopologyProducer.build(
                        TopologySettings.defaults().withCubeSources(1), AttemptObserver.NONE, new HealthGauges())
                .describe();
        List<TopologyDescription.Node> nodes = described.subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .toList();
        Set<String> eventTopics = Set.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name());
        List<TopologyDescription.Source> eventSources = nodes.stream()
                .filter(node -> node instanceof TopologyDescription.Source source
                        && source.topicSet().stream().anyMatch(eventTopics::contains))
                .map(TopologyDescription.Source.class::cast)
                .toList();
        assertThat(eventSources)
                .as("every node an attempt passes costs a copy of the record and its headers, and the node's metrics")
                .singleElement()
                .satisfies(source -> assertThat(source.topicSet()).isEqualTo(eventTopics));
        TopologyDescription.Source source = eventSources.get(0);
        assertThat(source.successors())
                .singleElement()
                .isInstanceOf(TopologyDescription.Processor.class)
                .extracting(TopologyDescription.Node::name)
                .isEqualTo(TopologyProducer.TERMINAL_STEP);
        TopologyDescription.Node step = source.successors().iterator().next();
        assertThat(step.successors())
                .as("the dead letters, the classified attempts, the health transitions and the cube's first stage")
                .extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder(
                        TopologyProducer.DEAD_LETTER_SINK,
                        TopologyProducer.CLASSIFIED_SINK,
                        TopologyProducer.HEALTH_SINK,
                        TopologyProducer.CUBE_FIRST_STAGE);
        assertThat(step.successors())
                .filteredOn(node -> node instanceof TopologyDescription.Sink)
                .extracting(node -> ((TopologyDescription.Sink) node).topic())
                .containsExactlyInAnyOrder(
                        Topics.DEAD_LETTER.name(), Topics.SIGNON_CLASSIFIED.name(), Topics.TERMINAL_HEALTH.name());
        List<TopologyDescription.Sink> classifiedSinks = nodes.stream()
                .filter(node -> node instanceof TopologyDescription.Sink sink
                        && Topics.SIGNON_CLASSIFIED.name().equals(sink.topic()))
                .map(TopologyDescription.Sink.class::cast)
                .toList();
        assertThat(classifiedSinks)
                .as("source -> processor -> sink")
                .singleElement()
                .satisfies(sink -> assertThat(sink.predecessors()).containsExactly(step));
        assertThat(step.predecessors()).containsExactly(source);
    }

    // ---------------------------------------------------------------- enrichment and classification

    @Test
    void enrichesAnAttemptFromTheRegistryAndClassifiesIt() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        send(failure("T1", T0, "96"));
        ClassifiedSignOn out = classified.readValue();
        assertThat(out.registered()).isTrue();
        assertThat(out.province()).isEqualTo("440000");
        assertThat(out.city()).isEqualTo("440300");
        assertThat(out.model()).isEqualTo("P2000");
        assertThat(out.cause()).isEqualTo(Cause.HOST_UNAVAILABLE);
        assertThat(out.evidence().rule()).isEqualTo("CODE_TABLE");
        assertThat(out.evidence().fields()).containsEntry("profile", "CUP");
    }

    @Test
    void anAttemptBeforeItsRegistryRecordIsKeptWithProvinceUnknownAndLaterOnesAreEnriched() {
        send(failure("T-late", T0, "A0"));
        ClassifiedSignOn before = classified.readValue();
        assertThat(before.registered()).isFalse();
        assertThat(before.province()).isEqualTo("UNKNOWN");
        assertThat(before.cause()).as("the default ISO87 table has no A0").isEqualTo(Cause.UNKNOWN);

        register("T-late", "110105", "CUP", MerchantStatus.ACTIVE);
        send(failure("T-late", T0.plusSeconds(5), "A0"));
        ClassifiedSignOn after = classified.readValue();
        assertThat(after.province()).isEqualTo("110000");
        assertThat(after.cause()).isEqualTo(Cause.KEY_MAC);
    }

    @Test
    void joinsTheLatestTelemetryAndIgnoresAnOlderSampleArrivingLate() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        sendTelemetry(telemetrySample("T1", T0.minusSeconds(60), 9));
        sendTelemetry(telemetrySample("T1", T0.minusSeconds(600), 0));
        send(attempt("T1", T0, Outcome.FAILURE, Stage.AUTH, null, null, -70));
        ClassifiedSignOn out = classified.readValue();
        assertThat(out.cause()).isEqualTo(Cause.HARDWARE);
        assertThat(out.evidence().fields()).containsEntry("cardReaderErrors", "9");
        KeyValueStore<String, TerminalEntry> terminals = driver.getKeyValueStore(TopologyProducer.TERMINALS_STORE);
        assertThat(terminals.get("T1").latestTelemetry().cardReaderErrors()).isEqualTo(9);
    }

    @Test
    void aDeclaredWindowOnTheMaintenanceTopicMakesA96PlannedMaintenance() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        maintenance.pipeInput(
                "mw-1",
                new MaintenanceWindow(
                        "mw-1", "H1", T0.minusSeconds(600), T0.plusSeconds(600), null, null, null, "upgrade", null));
        send(failure("T1", T0, "96"));
        ClassifiedSignOn out = classified.readValue();
        assertThat(out.cause()).isEqualTo(Cause.HOST_MAINTENANCE);
        assertThat(out.evidence().fields()).containsEntry("windowId", "mw-1");

        maintenance.pipeInput("mw-1", null);
        send(failure("T1", T0.plusSeconds(1), "96"));
        assertThat(classified.readValue().cause()).as("after the tombstone").isEqualTo(Cause.HOST_UNAVAILABLE);
    }

    @Test
    void aDuplicatedEventIdIsProcessedOnce() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        SignOnAttempt attempt = failure("T1", T0, "91");
        send(attempt);
        send(attempt);
        send(success("T1", T0.plusSeconds(1200)));
        send(attempt);
        assertThat(classified.readValuesToList())
                .extracting(c -> c.eventId())
                .as("resent at once and again 20 minutes of stream time later")
                .hasSize(2)
                .doesNotHaveDuplicates();
    }

    @Test
    void anEventSentAgainADayLaterIsProcessedOnce() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        SignOnAttempt dayOld = failure("T1", T0, "91");
        send(dayOld);
        send(success("T1", T0.plus(Duration.ofHours(26))));
        send(dayOld);
        send(failure("T1", T0.plus(Duration.ofHours(26)).plusSeconds(5), "91"));
        assertThat(classified.readValuesToList())
                .extracting(c -> c.eventId())
                .as("a gateway replaying a batch of a day ago, within ingest's acceptance window")
                .hasSize(3)
                .doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- dead letters

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheTopologyGoesOn() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        attempts.pipeInput("T1", "{not json".getBytes(StandardCharsets.UTF_8), T0);
        attempts.pipeInput("T1", "{\"type\":\"signon\",\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8), T0);
        attempts.pipeInput("T2", json(failure("T1", T0, "91")), T0);
        telemetry.pipeInput("T1", "[]".getBytes(StandardCharsets.UTF_8), T0);
        send(failure("T1", T0, "91"));

        List<TestRecord<byte[], byte[]>> dead = deadLetter.readRecordsToList();
        assertThat(dead).hasSize(4);
        assertThat(header(dead.get(0), "posmon.dlq.reason")).startsWith("not JSON");
        assertThat(header(dead.get(1), "posmon.dlq.reason")).contains("eventId");
        assertThat(header(dead.get(2), "posmon.dlq.reason")).contains("is not the event's terminalId");
        assertThat(header(dead.get(3), "posmon.dlq.reason")).isEqualTo("not a JSON object");
        assertThat(header(dead.get(3), "posmon.dlq.topic")).isEqualTo("device.telemetry.v1");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(classified.readValuesToList()).hasSize(1);
    }

    @Test
    void aPoisonRecordReachesOnlyTheDeadLetterTopicAndATelemetrySampleNoTopicAtAll() {
        TestOutputTopic<String, byte[]> partials = partialsTopic();
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        attempts.pipeInput("T1", "{not json".getBytes(StandardCharsets.UTF_8), T0);
        telemetry.pipeInput("T1", "[]".getBytes(StandardCharsets.UTF_8), T0);
        assertThat(deadLetter.readRecordsToList())
                .extracting(record -> header(record, "posmon.dlq.topic"))
                .containsExactly(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name());
        assertNothingElseWritten(partials);

        sendTelemetry(telemetrySample("T1", T0, 9));
        assertThat(deadLetter.isEmpty()).isTrue();
        assertNothingElseWritten(partials);
        KeyValueStore<String, TerminalEntry> terminals = driver.getKeyValueStore(TopologyProducer.TERMINALS_STORE);
        assertThat(terminals.get("T1").latestTelemetry().cardReaderErrors())
                .as("kept as the terminal's latest")
                .isEqualTo(9);
    }

    /** Valid by the contract, but before 1970 no Kafka record's time can be: it must not stop the stream thread. */
    @Test
    void anEventBefore1970GoesToTheDeadLetterTopicAndTheTopologyGoesOn() {
        TestOutputTopic<String, byte[]> partials = partialsTopic();
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        attempts.pipeInput("T1", json(failure("T1", Instant.parse("1969-12-31T23:59:59Z"), "91")), T0);
        telemetry.pipeInput("T1", json(telemetrySample("T1", Instant.parse("1969-07-20T20:17:40Z"), 9)), T0);

        assertThat(deadLetter.readRecordsToList())
                .extracting(record -> header(record, "posmon.dlq.reason"))
                .containsExactly(
                        "occurredAt 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z, which a Kafka record's time"
                                + " cannot be",
                        "occurredAt 1969-07-20T20:17:40Z is before 1970-01-01T00:00:00Z, which a Kafka record's time"
                                + " cannot be");
        assertNothingElseWritten(partials);
        send(failure("T1", T0, "91"));
        assertThat(classified.readValuesToList()).hasSize(1);
    }

    /** The cube's partials as the first stage writes them to its repartition topic. */
    private TestOutputTopic<String, byte[]> partialsTopic() {
        return driver.createOutputTopic(
                "posmon-analytics-test-cube-partials-repartition",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private void assertNothingElseWritten(TestOutputTopic<String, byte[]> partials) {
        assertThat(classified.isEmpty()).as("classified").isTrue();
        assertThat(health.isEmpty()).as("health").isTrue();
        assertThat(cube.isEmpty()).as("cube").isTrue();
        assertThat(runningCube.isEmpty()).as("running cube").isTrue();
        assertThat(partials.isEmpty()).as("the cube's partials").isTrue();
    }

    @Test
    void anEventIngestMarkedValidSkipsTheSchemaButNotTheRequiredFieldsRulesOrKey() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        SignOnAttempt valid = failure("T1", T0, "91");
        attempts.pipeInput(marked(ContractSchema.SIGNON_ATTEMPT, json(valid)));
        attempts.pipeInput(
                marked(ContractSchema.SIGNON_ATTEMPT, edited(json(failure("T1", T0, "91")), "\"hostId\":\"H1\",", "")));
        attempts.pipeInput(
                marked(ContractSchema.SIGNON_ATTEMPT, edited(json(failure("T1", T0, "91")), "\"hostId\"", "\"host\"")));
        attempts.pipeInput(marked(
                ContractSchema.SIGNON_ATTEMPT, json(attempt("T1", T0, Outcome.SUCCESS, Stage.AUTH, "00", null, -80))));
        // a mark of another schema vouches for nothing here: the schema is checked
        attempts.pipeInput(marked(
                ContractSchema.TELEMETRY,
                edited(json(failure("T1", T0, "91")), "\"latencyMs\":800", "\"latencyMs\":-1")));

        List<TestRecord<String, ClassifiedSignOn>> out = classified.readRecordsToList();
        assertThat(out).extracting(record -> record.value().eventId()).containsExactly(valid.eventId());
        assertThat(out.get(0).headers().lastHeader(ContractSchema.VALIDATED_HEADER))
                .as("the mark stays on the event topic")
                .isNull();
        List<TestRecord<byte[], byte[]>> dead = deadLetter.readRecordsToList();
        assertThat(dead)
                .extracting(record -> header(record, "posmon.dlq.reason"))
                .satisfiesExactly(
                        reason -> assertThat(reason).isEqualTo("marked valid but hostId is missing"),
                        reason -> assertThat(reason)
                                .startsWith("marked valid but cannot map to SignOnAttempt")
                                .contains("host"),
                        reason -> assertThat(reason).startsWith("breaks the contract rules"),
                        reason -> assertThat(reason)
                                .startsWith("breaks schemas/signon-attempt.schema.json")
                                .contains("latencyMs"));
        assertThat(dead)
                .allSatisfy(record -> assertThat(record.headers().lastHeader(ContractSchema.VALIDATED_HEADER))
                        .isNull());
    }

    @Test
    void aMarkedEventThatBreaksTheSchemaIsTakenOnTrustButDeadLetteredWhenRevalidating() {
        byte[] negativeLatency = edited(json(failure("T1", T0, "91")), "\"latencyMs\":800", "\"latencyMs\":-1");
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        attempts.pipeInput(marked(ContractSchema.SIGNON_ATTEMPT, negativeLatency));
        assertThat(classified.readValuesToList()).hasSize(1);
        driver.close();

        driver = new TopologyTestDriver(
                TopologyProducer.build(
                        TopologySettings.defaults().withCubeSources(1).withTrustValidatedMarks(false),
                        AttemptObserver.NONE,
                        new HealthGauges()),
                driverProps("posmon-analytics-revalidate"));
        attempts = driver.createInputTopic(
                Topics.SIGNON_ATTEMPTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        deadLetter = output(Topics.DEAD_LETTER);
        attempts.pipeInput(marked(ContractSchema.SIGNON_ATTEMPT, negativeLatency));
        assertThat(header(deadLetter.readRecord(), "posmon.dlq.reason"))
                .startsWith("breaks schemas/signon-attempt.schema.json")
                .contains("latencyMs");
    }

    // ---------------------------------------------------------------- the leaf cube

    @Test
    void countsACellPerWindowAndEmitsItOnceWhenTheWindowCloses() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        register("T2", "440306", "CUP", MerchantStatus.ACTIVE);
        send(failure("T1", T0.plusSeconds(1), "96"));
        send(failure("T1", T0.plusSeconds(2), "96"));
        send(failure("T2", T0.plusSeconds(3), "A0"));
        send(success("T2", T0.plusMillis(59_999)));
        send(success("T1", T0.plusSeconds(60)));
        assertThat(cube.isEmpty()).as("nothing before the window closes").isTrue();

        advanceStreamTime(T0.plusSeconds(60 + 30 + 1));
        Map<Instant, CubeCell> cells = cube.readValuesToList().stream()
                .filter(c -> c.province().equals("440000"))
                .collect(Collectors.toMap(CubeCell::windowStart, c -> c));
        CubeCell first = cells.get(T0);
        assertThat(first.province()).isEqualTo("440000");
        assertThat(first.host()).isEqualTo("H1");
        assertThat(first.carrier()).isEqualTo("CMCC");
        assertThat(first.model()).isEqualTo("P2000");
        assertThat(first.firmware()).isEqualTo("FW-7.4");
        assertThat(first.attempts()).isEqualTo(4);
        assertThat(first.successes()).isEqualTo(1);
        assertThat(first.failures()).isEqualTo(3);
        assertThat(first.failuresByCause())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Cause.HOST_UNAVAILABLE, 2L, Cause.KEY_MAC, 1L));
        assertThat(first.failuresByCode()).containsExactlyInAnyOrderEntriesOf(Map.of("96", 2L, "A0", 1L));
        assertThat(first.failingTerminals()).isEqualTo(2);
        assertThat(first.windowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(cells).doesNotContainKey(T0.plusSeconds(60)).as("the next window is still within its grace");

        advanceStreamTime(T0.plusSeconds(120 + 30 + 1));
        List<CubeCell> next = cube.readValuesToList().stream()
                .filter(c -> c.windowStart().equals(T0.plusSeconds(60))
                        && c.province().equals("440000"))
                .toList();
        assertThat(next).hasSize(1);
        assertThat(next.get(0).attempts()).isEqualTo(1);
        assertThat(next.get(0).successes()).isEqualTo(1);
        assertThat(cube.isEmpty()).as("each cell is emitted once").isTrue();
    }

    @Test
    void aCellCarriesItsFailedFailingAtEndAndRecoveredTerminals() {
        for (String terminal : List.of("T1", "T2", "T3", "T4")) {
            register(terminal, "440305", "CUP", MerchantStatus.ACTIVE);
        }
        send(failure("T1", T0.plusSeconds(1), "96"));
        send(failure("T1", T0.plusSeconds(20), "96"));
        send(failure("T2", T0.plusSeconds(2), "96"));
        send(success("T2", T0.plusSeconds(30)));
        send(success("T3", T0.plusSeconds(3)));
        send(failure("T3", T0.plusSeconds(40), "91"));
        send(failure("T4", T0.plusSeconds(50), "96"));
        send(success("T4", T0.plusSeconds(70)));
        send(success("T1", T0.plusSeconds(80)));
        send(success("T1", T0.plusSeconds(90)));

        advanceStreamTime(T0.plusSeconds(120 + 30 + 1));
        Map<Instant, CubeCell> cells = cube.readValuesToList().stream()
                .filter(c -> c.province().equals("440000"))
                .collect(Collectors.toMap(CubeCell::windowStart, c -> c));
        CubeCell first = cells.get(T0);
        assertThat(first.failedTerminals()).as("failed").isEqualTo(terminals("T1", "T2", "T3", "T4"));
        assertThat(first.failingAtEnd())
                .as("fail→fail, success→fail, and T4 failing when the minute ended")
                .isEqualTo(terminals("T1", "T3", "T4"));
        assertThat(first.recoveredTerminals())
                .as("fail→success within the minute")
                .isEqualTo(terminals("T2"));
        assertThat(first.failingTerminals()).isEqualTo(4);
        CubeCell second = cells.get(T0.plusSeconds(60));
        assertThat(second.failedTerminals().isEmpty()).isTrue();
        assertThat(second.failingAtEnd().isEmpty()).isTrue();
        assertThat(second.recoveredTerminals())
                .as("failed in the minute before, succeeded in this one")
                .isEqualTo(terminals("T1", "T4"));
        assertThat(second.failingTerminals()).isZero();
    }

    @Test
    void anOpenWindowsRunningCellsAreCumulativeAndTheClosedCellCountsEachAttemptOnce() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        register("T2", "440306", "CUP", MerchantStatus.ACTIVE);
        send(failure("T1", T0.plusSeconds(1), "96"));
        send(failure("T2", T0.plusSeconds(2), "96"));
        letRunningCellsOut();
        Map<String, CubeCell> soFar = runningCube.readKeyValuesToMap();
        CubeCell first = soFar.values().stream()
                .filter(c -> c.province().equals("440000"))
                .findFirst()
                .orElseThrow();
        assertThat(first.windowStart()).isEqualTo(T0);
        assertThat(first.attempts()).isEqualTo(2);
        assertThat(first.failingTerminals()).isEqualTo(2);
        assertThat(soFar).containsKey(first.key());
        assertThat(cube.isEmpty()).as("the window is open").isTrue();

        send(failure("T1", T0.plusSeconds(30), "96"));
        send(success("T2", T0.plusSeconds(40)));
        letRunningCellsOut();
        CubeCell later = runningCube.readKeyValuesToMap().get(first.key());
        assertThat(later.attempts()).as("cumulative").isEqualTo(4);
        assertThat(later.failures()).isEqualTo(3);
        assertThat(later.failingTerminals()).as("T1 once").isEqualTo(2);

        send(success("T1", T0.plusSeconds(50)));
        advanceStreamTime(T0.plusSeconds(60 + 30 + 1));
        List<CubeCell> closed = cube.readValuesToList().stream()
                .filter(c -> c.key().equals(first.key()))
                .toList();
        assertThat(closed).singleElement().satisfies(cell -> {
            assertThat(cell.attempts())
                    .as("every attempt once, whatever went out early")
                    .isEqualTo(5);
            assertThat(cell.successes()).isEqualTo(2);
            assertThat(cell.failuresByCode()).containsExactlyEntriesOf(Map.of("96", 3L));
            assertThat(cell.failingTerminals()).isEqualTo(2);
            assertThat(cell.failedTerminals()).isEqualTo(terminals("T1", "T2"));
            assertThat(cell.recoveredTerminals()).isEqualTo(terminals("T1", "T2"));
            assertThat(cell.failingAtEnd().isEmpty()).isTrue();
        });
        letRunningCellsOut();
        assertThat(runningCube.readValuesToList())
                .as("a closed window runs no more")
                .noneMatch(c -> c.key().equals(first.key()));
    }

    @Test
    void aLateAttemptWithinTheGraceIsCountedAndOneBeyondItIsNot() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        send(failure("T1", T0.plusSeconds(10), "91"));
        send(failure("T1", T0.plusSeconds(85), "91"));
        send(failure("T1", T0.plusSeconds(20), "91"));
        send(failure("T1", T0.plusSeconds(95), "91"));
        send(failure("T1", T0.plusSeconds(30), "91"));
        advanceStreamTime(T0.plusSeconds(300));
        CubeCell first = cube.readValuesToList().stream()
                .filter(c -> c.windowStart().equals(T0))
                .findFirst()
                .orElseThrow();
        assertThat(first.attempts())
                .as("the attempt at :20 arrived inside the grace, the one at :30 after it")
                .isEqualTo(2);
        assertThat(classified.readValuesToList())
                .filteredOn(c -> c.terminalId().equals("T1"))
                .as("a too-late attempt is still classified")
                .hasSize(5);
    }

    @Test
    void anUnregisteredTerminalsAttemptsAreCountedUnderProvinceUnknown() {
        send(failure("T-nobody", T0.plusSeconds(1), "91"));
        advanceStreamTime(T0.plusSeconds(200));
        assertThat(cube.readValuesToList()).anySatisfy(cell -> {
            assertThat(cell.windowStart()).isEqualTo(T0);
            assertThat(cell.province()).isEqualTo("UNKNOWN");
            assertThat(cell.model()).isEqualTo("UNKNOWN");
            assertThat(cell.failures()).isEqualTo(1);
        });
    }

    // ---------------------------------------------------------------- per-terminal state

    @Test
    void aShortFailureIsOneFailingEpisodeThatTheNextSignOnEnds() {
        register("T2", "440305", "CUP", MerchantStatus.ACTIVE);
        send(success("T2", T0));
        send(failure("T2", T0.plusSeconds(60), "91"));
        send(failure("T2", T0.plusSeconds(120), "91"));
        send(success("T2", T0.plusSeconds(180)));
        assertThat(health.readValuesToList())
                .extracting(TerminalHealth::state, TerminalHealth::at)
                .containsExactly(
                        tuple(TerminalHealth.State.FAILING, T0.plusSeconds(60)),
                        tuple(TerminalHealth.State.RECOVERED, T0.plusSeconds(180)));
    }

    @Test
    void aTerminalFailingForLongerThanTheThresholdIsStuckOnceThenRecovers() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        send(success("T1", T0));
        for (int minute = 1; minute <= 40; minute += 3) {
            send(failure("T1", T0.plus(Duration.ofMinutes(minute)), "91"));
        }
        List<TerminalHealth> transitions = health.readValuesToList();
        assertThat(transitions)
                .extracting(TerminalHealth::state)
                .as("the failure episode begins, then it is stuck, each once")
                .containsExactly(TerminalHealth.State.FAILING, TerminalHealth.State.STUCK);
        TerminalHealth failing = transitions.get(0);
        assertThat(failing.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(List.of(failing.carrier(), failing.model(), failing.firmware(), failing.acquirer()))
                .as("every dimension of an incident's scope, and the tenant, to list whom an incident hit")
                .doesNotContainNull();
        TerminalHealth stuck = transitions.get(1);
        assertThat(stuck.state()).isEqualTo(TerminalHealth.State.STUCK);
        assertThat(stuck.since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(stuck.at()).isEqualTo(T0.plus(Duration.ofMinutes(34)));
        assertThat(stuck.cause()).isEqualTo(Cause.HOST_UNAVAILABLE);
        assertThat(stuck.province()).isEqualTo("440000");
        assertThat(stuck.region())
                .as("the registry's region code, for alerting to name the city of whom an incident hit")
                .isEqualTo("440305");
        assertThat(stuck.merchantId())
                .as("the registry's merchant, for the weekly report")
                .isEqualTo("M-T1");

        send(success("T1", T0.plus(Duration.ofMinutes(45))));
        TerminalHealth recovered = health.readValue();
        assertThat(recovered.state()).isEqualTo(TerminalHealth.State.RECOVERED);
        assertThat(recovered.cause()).isEqualTo(Cause.HOST_UNAVAILABLE);

        KeyValueStore<String, TerminalEntry> terminals = driver.getKeyValueStore(TopologyProducer.TERMINALS_STORE);
        TerminalState state = terminals.get("T1").state();
        assertThat(state.health()).isEqualTo(TerminalState.Health.OK);
        assertThat(state.lastSuccessAt()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        assertThat(state.recentAttempts()).hasSize(5);
        assertThat(state.recentAttempts().get(0).outcome()).isEqualTo("SUCCESS");
    }

    @Test
    void repeatedSuccessfulSignOnsAreALoopAndItsEndIsARecovery() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        for (int i = 0; i < 6; i++) {
            send(success("T1", T0.plus(Duration.ofMinutes(i))));
        }
        assertThat(health.isEmpty())
                .as("6 sign-ons within 10 minutes is not more than 5... until the sixth")
                .isFalse();
        TerminalHealth loop = health.readValue();
        assertThat(loop.state()).isEqualTo(TerminalHealth.State.SIGNON_LOOP);
        assertThat(loop.signOnsInWindow()).isEqualTo(6);
        assertThat(loop.since()).isEqualTo(T0);

        send(success("T1", T0.plus(Duration.ofMinutes(7))));
        assertThat(health.isEmpty()).as("still looping: no new transition").isTrue();

        send(success("T1", T0.plus(Duration.ofMinutes(40))));
        assertThat(health.readValue().state()).isEqualTo(TerminalHealth.State.RECOVERED);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Two running intervals of wall clock: the driver punctuates each task once per advance, the merge possibly
     * before the first stage's partials have reached it.
     */
    // ---------------------------------------------------------------- the stores of the layout before `terminals`

    @Test
    void aTerminalOfTheOldStoresMovesOverWithItsStateTelemetryAndSeenAttempts() {
        register("T1", "440305", "CUP", MerchantStatus.ACTIVE);
        // What the version before left in its stores: T1 stuck since T0, its latest telemetry, an attempt's eventId
        // seen.
        SignOnAttempt seenBefore = failure("T1", T0.plus(Duration.ofMinutes(40)), "96");
        TerminalState stuck = new TerminalState(
                "T1",
                "440000",
                "H1",
                seenBefore.occurredAt(),
                null,
                T0,
                12,
                Cause.HOST_UNAVAILABLE,
                List.of(),
                TerminalState.Health.STUCK,
                T0,
                List.of());
        KeyValueStore<String, TerminalState> oldStates =
                driver.getKeyValueStore(TopologyProducer.LEGACY_TERMINAL_STATE_STORE);
        oldStates.put("T1", stuck);
        driver.getTimestampedKeyValueStore(TopologyProducer.LEGACY_TELEMETRY_STORE)
                .put(
                        "T1",
                        ValueAndTimestamp.make(
                                telemetrySample("T1", seenBefore.occurredAt(), 7),
                                seenBefore.occurredAt().toEpochMilli()));
        driver.<String, Long>getWindowStore(TopologyProducer.LEGACY_DEDUP_STORE)
                .put(
                        seenBefore.eventId().toString(),
                        seenBefore.occurredAt().toEpochMilli(),
                        seenBefore.occurredAt().toEpochMilli());

        send(seenBefore);
        assertThat(classified.isEmpty())
                .as("an attempt counted before the upgrade, sent again")
                .isTrue();

        send(attempt("T1", seenBefore.occurredAt().plusSeconds(60), Outcome.FAILURE, Stage.AUTH, null, null, -70));
        assertThat(classified.readValue().evidence().fields())
                .as("the latest telemetry moved over")
                .containsEntry("cardReaderErrors", "7");
        send(success("T1", seenBefore.occurredAt().plusSeconds(120)));
        classified.readValuesToList();
        TerminalHealth recovered = health.readValue();
        assertThat(recovered.state())
                .as("a success ends the STUCK the old store knew")
                .isEqualTo(TerminalHealth.State.RECOVERED);
        assertThat(recovered.consecutiveFailures()).isEqualTo(13);

        KeyValueStore<String, TerminalEntry> terminals = driver.getKeyValueStore(TopologyProducer.TERMINALS_STORE);
        assertThat(terminals.get("T1").state().health()).isEqualTo(TerminalState.Health.OK);
        assertThat(oldStates.get("T1"))
                .as("deleted from the old store once moved")
                .isNull();
        assertThat(driver.getTimestampedKeyValueStore(TopologyProducer.LEGACY_TELEMETRY_STORE)
                        .get("T1"))
                .isNull();
    }

    private void letRunningCellsOut() {
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
    }

    private void advanceStreamTime(Instant to) {
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        send(success("T-clock", to));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        send(success("T-clock", to.plusMillis(1)));
    }

    private static TerminalSet terminals(String... terminalIds) {
        return TerminalSet.ofHashes(
                Arrays.stream(terminalIds).mapToLong(TerminalSet::hash).toArray());
    }

    private void register(String terminalId, String region, String profile, MerchantStatus status) {
        registry.pipeInput(
                terminalId,
                new TerminalRecord(
                        terminalId,
                        "M-" + terminalId,
                        region,
                        "P2000",
                        "Acme",
                        "H1",
                        "ACQ-A",
                        profile,
                        "Asia/Shanghai",
                        status));
    }

    private void send(SignOnAttempt attempt) {
        attempts.pipeInput(attempt.terminalId(), json(attempt), attempt.occurredAt());
    }

    private void sendTelemetry(Telemetry sample) {
        telemetry.pipeInput(sample.terminalId(), json(sample), sample.occurredAt());
    }

    static byte[] json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SignOnAttempt failure(String terminalId, Instant at, String code) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                terminalId,
                at,
                "H1",
                Outcome.FAILURE,
                Stage.AUTH,
                code,
                null,
                null,
                800,
                1,
                new Network(Network.NetworkType._4G, "CMCC", -80),
                "3.2.1",
                "FW-7.4",
                null);
    }

    static SignOnAttempt success(String terminalId, Instant at) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                terminalId,
                at,
                "H1",
                Outcome.SUCCESS,
                Stage.COMPLETE,
                "00",
                null,
                null,
                300,
                1,
                new Network(Network.NetworkType._4G, "CMCC", -80),
                "3.2.1",
                "FW-7.4",
                null);
    }

    static SignOnAttempt attempt(
            String terminalId,
            Instant at,
            Outcome outcome,
            Stage stage,
            String code,
            TransportError transport,
            Integer signal) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                terminalId,
                at,
                "H1",
                outcome,
                stage,
                code,
                transport,
                null,
                800,
                1,
                new Network(Network.NetworkType._4G, "CMCC", signal),
                "3.2.1",
                "FW-7.4",
                null);
    }

    static Telemetry telemetrySample(String terminalId, Instant at, int readerErrors) {
        return new Telemetry(
                UUID.randomUUID(),
                terminalId,
                at,
                80,
                true,
                null,
                100,
                Telemetry.Printer.OK,
                readerErrors,
                false,
                false,
                200,
                3600L,
                1,
                "3.2.1",
                "FW-7.4",
                null,
                null);
    }

    private static TestRecord<String, byte[]> marked(ContractSchema schema, byte[] value) {
        return new TestRecord<>(
                "T1", value, new RecordHeaders().add(ContractSchema.VALIDATED_HEADER, schema.mark()), T0);
    }

    private static byte[] edited(byte[] json, String from, String to) {
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
