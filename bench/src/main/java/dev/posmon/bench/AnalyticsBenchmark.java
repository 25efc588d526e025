package dev.posmon.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Pushes a realistic mixed stream through the production analytics topology on the local broker and
 * measures how fast a fresh analytics-service instance works through it.
 *
 * <ol>
 *   <li>Registers a fleet by producing {@link TerminalRecord}s straight to {@code terminal.registry.v1}
 *       (fixed ids {@code BENCH-T000000…}), once per broker and topic: {@code analytics-bench.fleet} beside the log
 *       records that it was done.</li>
 *   <li>Notes the end offsets of {@code signon.attempts.v1} and {@code device.telemetry.v1}, then produces
 *       the sign-on attempts (and about 10 % as many telemetry samples) exactly as ingest writes them:
 *       key terminalId, value the contract JSON, idempotent acks=all producer with ingest's settings.</li>
 *   <li>Starts a fresh analytics-service ({@code java -jar quarkus-run.jar}) with a new application id
 *       whose committed offsets were set beforehand to where this run's records start, and a new state
 *       directory; samples the group's committed offsets until it has processed every record of the run.</li>
 * </ol>
 *
 * <p>Arguments: bootstrap events terminals analyticsJar logFile. Environment: POSMON_BENCH_TELEMETRY_PCT (10),
 * POSMON_BENCH_TIMEOUT_S (1800, longest catch-up), POSMON_BENCH_STREAM_THREADS (one per core),
 * POSMON_BENCH_ANALYTICS_JAVA_OPTS (extra JVM options for
 * the analytics process, e.g. a JFR recording), POSMON_BENCH_KEEP=1 (keep the run's group, internal topics
 * and state directory).
 */
public final class AnalyticsBenchmark {

    /** GB/T 2260 county codes across provinces (Shenzhen, Beijing, Shanghai, Chengdu, Hangzhou, …), weighted by repetition. */
    private static final String[] REGIONS = {
        "440305", "440305", "440106", "440304", "110105", "110105", "110108", "310101", "310101", "310115",
        "510104", "510107", "330106", "330106", "320102", "420106", "370102", "500103", "610113", "350203"
    };

    private static final String[] HOSTS = {"H1", "H2", "H3", "H4"};
    private static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC"};
    private static final String[] MODELS = {"P2000", "A920", "N910"};
    private static final String[] VENDORS = {"Acme", "PAX", "Newland"};
    private static final String[] PROFILES = {"CUP", "CUP", "CUP", "ISO87", "POSTILION"};
    private static final String[] FIRMWARE = {"FW-7.2", "FW-7.3", "FW-7.4", "FW-7.4", "FW-7.5", "FW-8.0"};
    private static final String[] APP = {"3.1.9", "3.2.0", "3.2.1", "3.2.1"};
    private static final String[] CODES = {"91", "91", "96", "96", "A0", "03", "90"};
    /** Bump when {@link #terminal(int)} changes, so that the next run registers the fleet again. */
    private static final String FLEET_VERSION = "fleet-1";
    /**
     * Sign-on attempts per second of event time (POSMON_BENCH_EVENT_RATE): occurredAt of the run's attempts spans
     * events / rate seconds ending now. 10,000/s is the morning peak of a fleet of several million terminals, the load
     * a throughput figure is about. The first versions spread every run over one hour of event time, whatever its
     * size: 600,000 attempts made 60 one-minute windows of about 2,000 cells each, so the cube closed and merged
     * about one cell per attempt — a cost per attempt sixty times what a live fleet at that rate causes.
     */
    private static final double EVENT_RATE = Double.parseDouble(env("POSMON_BENCH_EVENT_RATE", "10000"));

    private static final Duration SAMPLE = Duration.ofMillis(500);
    private static final Duration PRINT = Duration.ofSeconds(5);

    private AnalyticsBenchmark() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long events = Long.parseLong(args[1]);
        int terminals = Integer.parseInt(args[2]);
        Path jar = Path.of(args[3]);
        Path logFile = Path.of(args[4]);
        int telemetryPct = Integer.parseInt(env("POSMON_BENCH_TELEMETRY_PCT", "10"));
        long timeoutS = Long.parseLong(env("POSMON_BENCH_TIMEOUT_S", "1800"));
        boolean keep = "1".equals(System.getenv("POSMON_BENCH_KEEP"));

        String applicationId =
                "posmon-analytics-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> attemptPartitions = partitions(admin, Topics.SIGNON_ATTEMPTS.name());
            List<TopicPartition> telemetryPartitions = partitions(admin, Topics.DEVICE_TELEMETRY.name());

            // The fleet is written once per broker and topic: every write of the same 100k records would stay in the
            // compacted
            // topic's active segment and lengthen the global-table restore of every later analytics start.
            Path fleetMarker = logFile.toAbsolutePath().getParent().resolve("analytics-bench.fleet");
            String fleet = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS) + " "
                    + admin.describeTopics(List.of(Topics.TERMINAL_REGISTRY.name()))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(Topics.TERMINAL_REGISTRY.name())
                            .topicId()
                    + " " + terminals + " " + FLEET_VERSION;
            if (Files.exists(fleetMarker)
                    && Files.readString(fleetMarker).trim().equals(fleet)) {
                System.out.printf(
                        "the %,d terminals are already on %s (as recorded in %s)%n",
                        terminals, Topics.TERMINAL_REGISTRY.name(), fleetMarker);
            } else {
                try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                    long t0 = System.nanoTime();
                    registerFleet(producer, terminals);
                    System.out.printf(
                            "registered %,d terminals on %s in %.1f s%n",
                            terminals, Topics.TERMINAL_REGISTRY.name(), (System.nanoTime() - t0) / 1e9);
                }
                Files.createDirectories(fleetMarker.getParent());
                Files.writeString(fleetMarker, fleet + "\n");
            }
            List<TopicPartition> registryPartitions = partitions(admin, Topics.TERMINAL_REGISTRY.name());
            long registryRecords = sum(endOffsets(admin, registryPartitions))
                    - sum(offsets(admin, registryPartitions, OffsetSpec.earliest()));

            checkAgainstContract(terminals);
            Map<TopicPartition, Long> attemptsFrom = endOffsets(admin, attemptPartitions);
            Map<TopicPartition, Long> telemetryFrom = endOffsets(admin, telemetryPartitions);
            Produced produced;
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                produced = produceStream(producer, events, terminals, telemetryPct);
            }
            Map<TopicPartition, Long> attemptsTo = endOffsets(admin, attemptPartitions);
            long onTopic = sum(attemptsTo) - sum(attemptsFrom);
            System.out.printf(
                    "produced %,d sign-on attempts and %,d telemetry samples in %.1f s: %.0f records/s"
                            + " (idempotent, acks=all, lz4, linger.ms=5, batch.size=128 KiB; as ingest writes them)%n",
                    produced.attempts,
                    produced.telemetry,
                    produced.nanos / 1e9,
                    (produced.attempts + produced.telemetry) * 1e9 / produced.nanos);
            if (onTopic != events) {
                System.out.printf(
                        "note: %,d records arrived on %s meanwhile (another producer); the run waits for all of them%n",
                        onTopic - events, Topics.SIGNON_ATTEMPTS.name());
            }

            // The run's group starts exactly where this run's records start, on both event topics.
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            attemptsFrom.forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
            telemetryFrom.forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(applicationId, start).all().get(30, TimeUnit.SECONDS);

            List<TopicPartition> deadLetterPartitions = partitions(admin, Topics.DEAD_LETTER.name());
            Map<TopicPartition, Long> deadLettersBefore = endOffsets(admin, deadLetterPartitions);
            Path stateDir = Files.createTempDirectory("posmon-analytics-bench-");
            int port = freePort();
            try {
                Run run = runAnalytics(
                        admin,
                        bootstrap,
                        jar,
                        logFile,
                        applicationId,
                        stateDir,
                        port,
                        attemptsFrom,
                        attemptsTo,
                        timeoutS);
                Files.writeString(Path.of(logFile + ".metrics"), run.metrics, StandardCharsets.UTF_8);
                long deadLettered = sum(endOffsets(admin, deadLetterPartitions)) - sum(deadLettersBefore);
                report(run, events, onTopic, produced, deadLettered);
                System.out.printf(
                        "  (time to RUNNING includes restoring the global tables: %s spans %,d offsets from log start to end)%n",
                        Topics.TERMINAL_REGISTRY.name(), registryRecords);
                System.out.printf("its /q/metrics at the end: %s.metrics%n", logFile);
            } finally {
                if (!keep) {
                    cleanUp(admin, applicationId, stateDir);
                } else {
                    System.out.printf("kept group and internal topics %s-*, state dir %s%n", applicationId, stateDir);
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------- produce

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "posmon-bench-analytics");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, env("POSMON_INGEST_COMPRESSION", "lz4"));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static final class SendErrors implements Callback {
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        }

        void check(String what) {
            if (failed.get() > 0) {
                throw new IllegalStateException(
                        failed.get() + " " + what + " records were not acknowledged", first.get());
            }
        }
    }

    /**
     * The contract's JSON without null members, which is what ingest writes (the JSON the terminal posted, after validation).
     * The topic serde itself ({@code Topics.SIGNON_ATTEMPTS.valueSerde()}) writes {@code "carrier":null} for a network without
     * one (WIFI, ETHERNET), which the contract's own schema refuses, so analytics would dead-letter those records.
     */
    private static final ObjectMapper INGEST_JSON =
            ContractJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /**
     * Events carry ingest's mark that they passed the contract's schema ({@link ContractSchema#VALIDATED_HEADER}), as ingest
     * writes them: {@link #checkAgainstContract} has checked that what this generator writes passes it.
     */
    private static <V> void send(
            KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value, SendErrors errors) {
        byte[] bytes;
        try {
            bytes = INGEST_JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ContractSchema schema = value instanceof SignOnAttempt
                ? ContractSchema.SIGNON_ATTEMPT
                : value instanceof Telemetry ? ContractSchema.TELEMETRY : null;
        List<Header> headers =
                schema == null ? List.of() : List.of(new RecordHeader(ContractSchema.VALIDATED_HEADER, schema.mark()));
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, topic.keySerde().serializer().serialize(topic.name(), key), bytes, headers),
                errors);
    }

    /** Refuses to start when the generator writes what the contract (and so analytics' decoder) would dead-letter. */
    private static void checkAgainstContract(int terminals) throws IOException {
        SplittableRandom random = new SplittableRandom();
        Instant now = Instant.now();
        for (int i = 0; i < 20_000; i++) {
            int t = random.nextInt(terminals);
            SignOnAttempt attempt = attempt(t, now, random);
            List<Violation> violations = new ArrayList<>(ContractSchema.SIGNON_ATTEMPT.validate(
                    INGEST_JSON.readTree(INGEST_JSON.writeValueAsBytes(attempt))));
            violations.addAll(ContractRules.check(attempt));
            violations.addAll(ContractSchema.TELEMETRY.validate(
                    INGEST_JSON.readTree(INGEST_JSON.writeValueAsBytes(telemetry(t, now, random)))));
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the generator breaks the contract: " + violations);
            }
        }
    }

    static String terminalId(int i) {
        return String.format("BENCH-T%06d", i);
    }

    /** Deterministic per-terminal attributes (a terminal keeps its place, host, SIM, model and firmware). */
    static TerminalRecord terminal(int i) {
        return new TerminalRecord(
                terminalId(i),
                String.format("BENCH-M%05d", i / 3),
                REGIONS[mix(i, 1) % REGIONS.length],
                MODELS[mix(i, 2) % MODELS.length],
                VENDORS[mix(i, 2) % VENDORS.length],
                HOSTS[mix(i, 3) % HOSTS.length],
                "ACQ-BENCH",
                PROFILES[mix(i, 4) % PROFILES.length],
                "Asia/Shanghai",
                i % 500 == 0 ? MerchantStatus.FROZEN : MerchantStatus.ACTIVE);
    }

    private static int mix(int i, int salt) {
        int h = i * 0x9E3779B1 + salt * 0x85EBCA6B;
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        return h & Integer.MAX_VALUE;
    }

    private static void registerFleet(KafkaProducer<byte[], byte[]> producer, int terminals) {
        SendErrors errors = new SendErrors();
        for (int i = 0; i < terminals; i++) {
            TerminalRecord record = terminal(i);
            send(producer, Topics.TERMINAL_REGISTRY, record.terminalId(), record, errors);
        }
        producer.flush();
        errors.check("registry");
    }

    record Produced(long attempts, long telemetry, long nanos, Instant firstOccurred, Instant lastOccurred) {}

    /**
     * The sign-on attempts, in increasing occurredAt over the {@link #span} before now, from terminals picked at random:
     * ~92 % SUCCESS; failures are host answers (91, 96, A0, 03, 90) or transport errors (CONNECT_TIMEOUT,
     * READ_TIMEOUT) on weak or strong signal. After telemetryPct % of them, a telemetry sample of a random terminal.
     */
    private static Produced produceStream(
            KafkaProducer<byte[], byte[]> producer, long events, int terminals, int telemetryPct) {
        SplittableRandom random = new SplittableRandom(); // a new seed each run: fresh eventIds, as a real fleet's
        SendErrors errors = new SendErrors();
        Instant end = Instant.now();
        long spanMs = span(events).toMillis();
        long startMs = end.toEpochMilli() - spanMs;
        long telemetry = 0;
        long progressEvery = Math.max(1, events / 10);
        long t0 = System.nanoTime();
        for (long i = 0; i < events; i++) {
            Instant occurredAt = Instant.ofEpochMilli(startMs + (long) ((double) i / events * spanMs));
            int t = random.nextInt(terminals);
            send(producer, Topics.SIGNON_ATTEMPTS, terminalId(t), attempt(t, occurredAt, random), errors);
            if (random.nextInt(100) < telemetryPct) {
                int u = random.nextInt(terminals);
                send(producer, Topics.DEVICE_TELEMETRY, terminalId(u), telemetry(u, occurredAt, random), errors);
                telemetry++;
            }
            if ((i + 1) % progressEvery == 0) {
                System.out.printf(
                        "  produced %,d / %,d (%.0f /s)%n", i + 1, events, (i + 1) * 1e9 / (System.nanoTime() - t0));
            }
        }
        producer.flush();
        long nanos = System.nanoTime() - t0;
        errors.check("event");
        return new Produced(events, telemetry, nanos, Instant.ofEpochMilli(startMs), end);
    }

    private static UUID uuid(SplittableRandom random) {
        long msb = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static Network network(int t, SplittableRandom random, boolean weak) {
        int kind = mix(t, 5) % 20;
        if (kind == 0) {
            return new Network(NetworkType.ETHERNET, null, null);
        }
        int signal = weak ? -105 - random.nextInt(16) : -60 - random.nextInt(35);
        if (kind <= 3) {
            return new Network(NetworkType.WIFI, null, signal);
        }
        return new Network(
                kind == 4 ? NetworkType._5G : NetworkType._4G, CARRIERS[mix(t, 6) % CARRIERS.length], signal);
    }

    static SignOnAttempt attempt(int t, Instant occurredAt, SplittableRandom random) {
        String host = HOSTS[mix(t, 3) % HOSTS.length];
        String firmware = FIRMWARE[mix(t, 7) % FIRMWARE.length];
        String app = APP[mix(t, 8) % APP.length];
        int roll = random.nextInt(1000);
        Stage stage = Stage.COMPLETE;
        Outcome outcome = Outcome.SUCCESS;
        String code = "00";
        TransportError transport = null;
        boolean weak = random.nextInt(100) < 3;
        int attempt = 1;
        int latency = 150 + random.nextInt(1200);
        if (roll >= 920) {
            outcome = Outcome.FAILURE;
            attempt = 1 + random.nextInt(3);
            if (roll < 965) {
                code = CODES[random.nextInt(CODES.length)];
                stage = "A0".equals(code) ? Stage.KEY_EXCHANGE : Stage.AUTH;
            } else {
                code = null;
                weak = random.nextInt(100) < 60;
                transport = random.nextBoolean() ? TransportError.CONNECT_TIMEOUT : TransportError.READ_TIMEOUT;
                stage = transport == TransportError.CONNECT_TIMEOUT ? Stage.CONNECT : Stage.AUTH;
                latency = transport == TransportError.CONNECT_TIMEOUT ? 10_000 : 30_000;
            }
        }
        return new SignOnAttempt(
                uuid(random),
                terminalId(t),
                occurredAt,
                host,
                outcome,
                stage,
                code,
                transport,
                null,
                latency,
                attempt,
                network(t, random, weak),
                app,
                firmware,
                null);
    }

    static Telemetry telemetry(int t, Instant occurredAt, SplittableRandom random) {
        boolean weak = random.nextInt(100) < 5;
        return new Telemetry(
                uuid(random),
                terminalId(t),
                occurredAt,
                random.nextInt(101),
                random.nextBoolean(),
                network(t, random, weak),
                weak ? 1500 + random.nextInt(3000) : 20 + random.nextInt(400),
                random.nextInt(100) < 2 ? Telemetry.Printer.PAPER_OUT : Telemetry.Printer.OK,
                random.nextInt(100) < 3 ? 1 + random.nextInt(3) : 0,
                false,
                false,
                100 + random.nextInt(400),
                (long) random.nextInt(1_000_000),
                random.nextInt(3),
                APP[mix(t, 8) % APP.length],
                FIRMWARE[mix(t, 7) % FIRMWARE.length],
                null);
    }

    // --------------------------------------------------------------------------------------- analytics

    /**
     * Stream threads for the analytics run (and the ceilings): POSMON_BENCH_STREAM_THREADS, by default one per core, as
     * deploy/k8s/README.md advises.
     */
    static int streamThreads() {
        String threads = System.getenv("POSMON_BENCH_STREAM_THREADS");
        return threads == null || threads.isBlank()
                ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads.trim());
    }

    /**
     * The Kafka Streams commit interval of the analytics run and the ceilings (POSMON_BENCH_COMMIT_INTERVAL_MS): by
     * default analytics' own (its application.properties), so that the ceilings run with analytics' settings.
     */
    static Optional<Integer> commitIntervalMs() {
        String ms = System.getenv("POSMON_BENCH_COMMIT_INTERVAL_MS");
        return ms == null || ms.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(ms.trim()));
    }

    /** One look at the group's progress, with the analytics process' CPU time (user+system, ms) at that moment. */
    record Sample(long nanos, long processed, long cpuMillis) {}

    record Run(double secondsToRunning, List<Sample> samples, Sample firstProgress, Sample caughtUp, String metrics) {}

    private static Run runAnalytics(
            Admin admin,
            String bootstrap,
            Path jar,
            Path logFile,
            String applicationId,
            Path stateDir,
            int port,
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            long timeoutS)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String opts = System.getenv("POSMON_BENCH_ANALYTICS_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId);
        env.put("POSMON_ANALYTICS_STATE_DIR", stateDir.toString());
        env.put("POSMON_ADMIN_TOKEN", "x");
        env.put("KAFKA_STREAMS_NUM_STREAM_THREADS", String.valueOf(streamThreads()));
        commitIntervalMs().ifPresent(ms -> env.put("KAFKA_STREAMS_COMMIT_INTERVAL_MS", String.valueOf(ms)));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(
                logFile,
                "\n===== " + Instant.now() + " bench: analytics " + applicationId + " on port " + port + " =====\n",
                StandardCharsets.UTF_8); // one run per log: a run can log hundreds of MB (see the report)

        long total = sum(to) - sum(from);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        long started = System.nanoTime();
        Process process = builder.start();
        // Ctrl-C on the benchmark must not leave the analytics process running.
        Thread reaper = new Thread(process::destroy, "stop-analytics");
        Runtime.getRuntime().addShutdownHook(reaper);
        System.out.printf(
                "analytics-service started: pid %d, port %d, %d stream thread(s), application id %s, state %s, log %s%n",
                process.pid(), port, streamThreads(), applicationId, stateDir, logFile);
        try {
            // RUNNING = Quarkus' "Kafka Streams state health check" (a liveness check) says so; readiness only checks
            // the topics.
            double toRunning = -1;
            long deadline = started + TimeUnit.SECONDS.toNanos(timeoutS);
            List<Sample> samples = new ArrayList<>();
            Sample first = null;
            Sample last = new Sample(started, 0, 0);
            long lastPrint = started;
            Sample lastPrinted = last;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("analytics-service exited (code " + process.exitValue()
                            + ") during the run; see " + logFile + "\n" + tail(logFile, 40));
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException(String.format(
                            "analytics-service did not catch up within %d s: %,d of %,d records processed;" + " see %s",
                            timeoutS, last.processed, total, logFile));
                }
                if (toRunning < 0
                        && RUNNING.matcher(body(http, base.resolve("/q/health/live")))
                                .find()) {
                    toRunning = (now - started) / 1e9;
                    System.out.printf(
                            "  RUNNING after %.1f s (GET /q/health/live: Kafka Streams state RUNNING)%n", toRunning);
                }
                long processed = committed(admin, applicationId, from, to);
                Sample sample = new Sample(System.nanoTime(), processed, cpuMillis(process.pid()));
                samples.add(sample);
                if (first == null && processed > 0) {
                    first = sample;
                }
                last = sample;
                boolean done = processed >= total;
                if (sample.nanos - lastPrint >= PRINT.toNanos() || done) {
                    double window = (sample.nanos - lastPrinted.nanos) / 1e9;
                    System.out.printf(
                            "  %6.1f s  processed %,11d / %,d  lag %,11d  rate %,9.0f events/s%n",
                            (sample.nanos - started) / 1e9,
                            processed,
                            total,
                            total - processed,
                            window > 0 ? (processed - lastPrinted.processed) / window : 0.0);
                    lastPrint = sample.nanos;
                    lastPrinted = sample;
                }
                if (done) {
                    break;
                }
                Thread.sleep(SAMPLE.toMillis());
            }
            String metrics = get(http, base.resolve("/q/metrics"));
            return new Run(toRunning, samples, first, last, metrics);
        } finally {
            process.destroy(); // SIGTERM
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("analytics-service did not stop within 30 s of SIGTERM: SIGKILL");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("analytics-service stopped (exit %d)%n", process.exitValue());
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    /** Records of this run the group has committed on signon.attempts.v1 (committed minus start, per partition, up to the run's end). */
    private static long committed(
            Admin admin, String group, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        long processed = 0;
        for (Map.Entry<TopicPartition, Long> entry : from.entrySet()) {
            OffsetAndMetadata offset = offsets.get(entry.getKey());
            long committed = offset == null ? entry.getValue() : offset.offset();
            processed += Math.max(0, Math.min(committed, to.get(entry.getKey())) - entry.getValue());
        }
        return processed;
    }

    private static void report(Run run, long events, long total, Produced produced, long deadLettered) {
        double seconds = (run.caughtUp.nanos - run.firstProgress.nanos) / 1e9;
        long counted = run.caughtUp.processed - run.firstProgress.processed;
        double rate = counted / seconds;
        double fromStart = total / ((run.caughtUp.nanos - run.samples.get(0).nanos) / 1e9);
        Map<String, Double> lag = series(run.metrics, "posmon_signon_lag_seconds");
        double count = lag.getOrDefault("_count", 0.0);
        double sum = lag.getOrDefault("_sum", Double.NaN);
        double mean = count > 0 ? sum / count : Double.NaN;
        double classified = series(run.metrics, "posmon_signon_attempts_total").getOrDefault("", 0.0);
        // The synthetic age the records already had when produced: occurredAt spread evenly over the span before.
        double ageAtProduce = span(events).toMillis() / 2e3;

        System.out.println();
        System.out.printf(
                "analytics: %,d sign-on attempts caught up; time to RUNNING %.1f s%n", total, run.secondsToRunning);
        System.out.printf(
                "analytics events/s = records committed on %s between the first sample showing committed progress and the"
                        + " sample with lag 0 (%,d records), / the time between those samples (%.1f s; samples every %d ms) = %.0f events/s%n",
                Topics.SIGNON_ATTEMPTS.name(), counted, seconds, SAMPLE.toMillis(), rate);
        System.out.printf(
                "  (including startup: %,d records / %.1f s from process start to lag 0 = %.0f events/s)%n",
                total, (run.caughtUp.nanos - run.samples.get(0).nanos) / 1e9, fromStart);
        if (run.firstProgress.cpuMillis >= 0 && run.caughtUp.cpuMillis >= 0) {
            double cpu = (run.caughtUp.cpuMillis - run.firstProgress.cpuMillis) / 1e3;
            System.out.printf(
                    "  analytics process CPU (user+sys) over the same span: %.1f s = %.0f µs per event, %.2f cores busy on average"
                            + " (on %d cores shared with the broker)%n",
                    cpu,
                    cpu * 1e6 / counted,
                    cpu / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
        Sample half = run.samples.stream()
                .filter(sample -> sample.processed >= total / 2)
                .findFirst()
                .orElse(run.caughtUp);
        if (half.nanos < run.caughtUp.nanos) {
            System.out.printf(
                    "  (second half only, past the start-up transients: %,d records / %.1f s = %.0f events/s)%n",
                    run.caughtUp.processed - half.processed,
                    (run.caughtUp.nanos - half.nanos) / 1e9,
                    (run.caughtUp.processed - half.processed) / ((run.caughtUp.nanos - half.nanos) / 1e9));
        }
        System.out.printf(
                "posmon_signon_lag_seconds: count %,.0f, mean %.1f s, p50 %s, p99 %s, max %.1f s (classified now - occurredAt;"
                        + " occurredAt was spread over the %d s before production, %.0f attempts/s of event time, a mean age of %.0f s when produced)%n",
                count,
                mean,
                quantile(run.metrics, 0.50),
                quantile(run.metrics, 0.99),
                lag.getOrDefault("_max", Double.NaN),
                span(events).toSeconds(),
                EVENT_RATE,
                ageAtProduce);
        double late = series(run.metrics, "posmon_cube_late_attempts_total").getOrDefault("", 0.0)
                + series(run.metrics, "posmon_cube_late_partial_attempts_total").getOrDefault("", 0.0);
        System.out.printf(
                "posmon_signon_attempts_total (all series): %,.0f classified of %,d produced; %,d records dead-lettered meanwhile;"
                        + " attempts the cube could not count (late on their partition, or after their window was emitted): %,.0f%n",
                classified, events, deadLettered, late);
        System.out.println("RESULT analytics_events_per_s=" + Math.round(rate) + " events=" + total + " seconds="
                + String.format("%.1f", seconds)
                + " to_running_s=" + String.format("%.1f", run.secondsToRunning) + " lag_mean_s="
                + String.format("%.1f", mean)
                + " cpu_us_per_event="
                + (run.firstProgress.cpuMillis >= 0
                        ? String.valueOf(
                                Math.round((run.caughtUp.cpuMillis - run.firstProgress.cpuMillis) * 1e3 / counted))
                        : "n/a")
                + " classified=" + Math.round(classified) + " telemetry=" + produced.telemetry + " dead_lettered="
                + deadLettered
                + " dropped_late=" + Math.round(late));
    }

    /** The samples of one metric family by suffix ("", "_count", "_sum", "_max"), summed over their labels; buckets left out. */
    private static Map<String, Double> series(String metrics, String name) {
        Map<String, Double> values = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String suffix = line.substring(name.length(), brace > 0 && brace < space ? brace : space);
            if (suffix.startsWith("_bucket") || (!suffix.isEmpty() && !suffix.startsWith("_"))) {
                continue;
            }
            try {
                values.merge(suffix, Double.parseDouble(line.substring(space + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return values;
    }

    /** A quantile of posmon_signon_lag_seconds from its histogram buckets (upper bound of the bucket). */
    private static String quantile(String metrics, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("posmon_signon_lag_seconds_bucket{")) {
                int le = line.indexOf("le=\"");
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                buckets.merge(
                        bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        Double::sum);
            }
        }
        if (buckets.isEmpty()) {
            return "n/a";
        }
        double total = buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey().isInfinite() ? "> max bucket" : String.format("<= %.1f s", bucket.getKey());
            }
        }
        return "n/a";
    }

    private static void cleanUp(Admin admin, String applicationId, Path stateDir) {
        // Streams members do not leave the group on close; remove them so that the group can be deleted now.
        for (int attempt = 1; ; attempt++) {
            try {
                try {
                    admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions())
                            .all()
                            .get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // no members left
                }
                admin.deleteConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                if (attempt == 10) {
                    System.out.println("could not delete group " + applicationId + ": " + e.getMessage());
                    break;
                }
                sleep(1000);
            }
        }
        try {
            Set<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .collect(Collectors.toSet());
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
            }
            System.out.printf("deleted group %s and its %d internal topics%n", applicationId, internal.size());
        } catch (Exception e) {
            System.out.println("could not delete the internal topics of " + applicationId + ": " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + stateDir + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How much event time the run's attempts span: {@code events / EVENT_RATE}, at least one window. */
    static Duration span(long events) {
        return Duration.ofMillis(Math.max(60_000, (long) (events * 1_000 / EVENT_RATE)));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        return offsets(admin, partitions, OffsetSpec.latest());
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** utime + stime of a process from /proc (USER_HZ = 100 on Linux); -1 where there is no /proc. */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static final Pattern RUNNING = Pattern.compile("\"state\"\\s*:\\s*\"RUNNING\"");

    /** The body of a GET, or "" while the service does not answer. */
    private static String body(HttpClient http, URI uri) {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
