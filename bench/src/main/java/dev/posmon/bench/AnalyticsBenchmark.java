package dev.posmon.bench;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * Pushes a realistic mixed stream through the production analytics topology on the local broker and
 * measures how fast a fresh analytics-service instance works through it.
 *
 * <ol>
 *   <li>Registers a fleet by producing {@link TerminalRecord}s straight to {@code terminal.registry.v1}
 *       (fixed ids {@code BENCH-T000000…}), once per broker and topic: {@code analytics-bench.fleet} beside the log
 *       records that it was done.</li>
 *   <li>Notes the end offsets of {@code signon.attempts().v1} and {@code device.telemetry().v1}, then produces
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

    private AnalyticsBenchmark() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long events = Long.parseLong(args[1]);
        int terminals = Integer.parseInt(args[2]);
        Path jar = Path.of(args[3]);
        Path logFile = Path.of(args[4]);
        int telemetryPct = Integer.parseInt(BenchTraffic.env("POSMON_BENCH_TELEMETRY_PCT", "10"));
        long timeoutS = Long.parseLong(BenchTraffic.env("POSMON_BENCH_TIMEOUT_S", "1800"));
        boolean keep = "1".equals(System.getenv("POSMON_BENCH_KEEP"));

        String applicationId =
                "posmon-analytics-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = BenchKafka.admin(bootstrap)) {
            List<TopicPartition> attemptPartitions = KafkaOffsets.partitions(admin, Topics.SIGNON_ATTEMPTS.name());
            List<TopicPartition> telemetryPartitions = KafkaOffsets.partitions(admin, Topics.DEVICE_TELEMETRY.name());

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
                    + " " + terminals + " " + BenchTraffic.FLEET_VERSION;
            if (Files.exists(fleetMarker)
                    && Files.readString(fleetMarker).trim().equals(fleet)) {
                System.out.printf(
                        "the %,d terminals are already on %s (as recorded in %s)%n",
                        terminals, Topics.TERMINAL_REGISTRY.name(), fleetMarker);
            } else {
                try (KafkaProducer<byte[], byte[]> producer = BenchProducer.producer(bootstrap)) {
                    long t0 = System.nanoTime();
                    BenchProducer.registerFleet(producer, terminals);
                    System.out.printf(
                            "registered %,d terminals on %s in %.1f s%n",
                            terminals, Topics.TERMINAL_REGISTRY.name(), (System.nanoTime() - t0) / 1e9);
                }
                Files.createDirectories(fleetMarker.getParent());
                Files.writeString(fleetMarker, fleet + "\n");
            }
            List<TopicPartition> registryPartitions = KafkaOffsets.partitions(admin, Topics.TERMINAL_REGISTRY.name());
            long registryRecords = KafkaOffsets.sum(KafkaOffsets.endOffsets(admin, registryPartitions))
                    - KafkaOffsets.sum(KafkaOffsets.offsets(admin, registryPartitions, OffsetSpec.earliest()));

            BenchTraffic.checkAgainstContract(terminals);
            Map<TopicPartition, Long> attemptsFrom = KafkaOffsets.endOffsets(admin, attemptPartitions);
            Map<TopicPartition, Long> telemetryFrom = KafkaOffsets.endOffsets(admin, telemetryPartitions);
            BenchProducer.Produced produced;
            try (KafkaProducer<byte[], byte[]> producer = BenchProducer.producer(bootstrap)) {
                produced = BenchProducer.produceStream(producer, events, terminals, telemetryPct);
            }
            Map<TopicPartition, Long> attemptsTo = KafkaOffsets.endOffsets(admin, attemptPartitions);
            long onTopic = KafkaOffsets.sum(attemptsTo) - KafkaOffsets.sum(attemptsFrom);
            System.out.printf(
                    "produced %,d sign-on attempts and %,d telemetry samples in %.1f s: %.0f records/s"
                            + " (idempotent, acks=all, lz4, linger.ms=5, batch.size=128 KiB; as ingest writes them)%n",
                    produced.attempts(),
                    produced.telemetry(),
                    produced.nanos() / 1e9,
                    (produced.attempts() + produced.telemetry()) * 1e9 / produced.nanos());
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

            List<TopicPartition> deadLetterPartitions = KafkaOffsets.partitions(admin, Topics.DEAD_LETTER.name());
            Map<TopicPartition, Long> deadLettersBefore = KafkaOffsets.endOffsets(admin, deadLetterPartitions);
            Path stateDir = Files.createTempDirectory("posmon-analytics-bench-");
            int port = AnalyticsProcess.freePort();
            try {
                AnalyticsProcess.Run run = AnalyticsProcess.runAnalytics(
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
                Files.writeString(Path.of(logFile + ".metrics"), run.metrics(), StandardCharsets.UTF_8);
                long deadLettered = KafkaOffsets.sum(KafkaOffsets.endOffsets(admin, deadLetterPartitions))
                        - KafkaOffsets.sum(deadLettersBefore);
                report(run, events, onTopic, produced, deadLettered);
                System.out.printf(
                        "  (time to RUNNING includes restoring the global tables: %s spans %,d offsets from log start"
                                + " to end)%n",
                        Topics.TERMINAL_REGISTRY.name(), registryRecords);
                System.out.printf("its /q/metrics at the end: %s.metrics%n", logFile);
            } finally {
                if (!keep) {
                    KafkaOffsets.cleanUp(admin, applicationId, stateDir);
                } else {
                    System.out.printf("kept group and internal topics %s-*, state dir %s%n", applicationId, stateDir);
                }
            }
        }
    }

    private static void report(
            AnalyticsProcess.Run run, long events, long total, BenchProducer.Produced produced, long deadLettered) {
        double seconds = (run.caughtUp().nanos() - run.firstProgress().nanos()) / 1e9;
        long counted = run.caughtUp().processed() - run.firstProgress().processed();
        double rate = counted / seconds;
        double fromStart =
                total / ((run.caughtUp().nanos() - run.samples().get(0).nanos()) / 1e9);
        Map<String, Double> lag = PrometheusText.series(run.metrics(), "posmon_signon_lag_seconds");
        double count = lag.getOrDefault("_count", 0.0);
        double sum = lag.getOrDefault("_sum", Double.NaN);
        double mean = count > 0 ? sum / count : Double.NaN;
        double classified = PrometheusText.series(run.metrics(), "posmon_signon_attempts_total")
                .getOrDefault("", 0.0);
        // The synthetic age the records already had when produced: occurredAt spread evenly over the span before.
        double ageAtProduce = BenchTraffic.span(events).toMillis() / 2e3;

        System.out.println();
        System.out.printf(
                "analytics: %,d sign-on attempts caught up; time to RUNNING %.1f s%n", total, run.secondsToRunning());
        System.out.printf(
                "analytics events/s = records committed on %s between the first sample showing committed progress and the"
                        + " sample with lag 0 (%,d records), / the time between those samples (%.1f s; samples every"
                        + " %d ms) = %.0f events/s%n",
                Topics.SIGNON_ATTEMPTS.name(), counted, seconds, AnalyticsProcess.SAMPLE.toMillis(), rate);
        System.out.printf(
                "  (including startup: %,d records / %.1f s from process start to lag 0 = %.0f events/s)%n",
                total, (run.caughtUp().nanos() - run.samples().get(0).nanos()) / 1e9, fromStart);
        if (run.firstProgress().cpuMillis() >= 0 && run.caughtUp().cpuMillis() >= 0) {
            double cpu = (run.caughtUp().cpuMillis() - run.firstProgress().cpuMillis()) / 1e3;
            System.out.printf(
                    "  analytics process CPU (user+sys) over the same span: %.1f s = %.0f µs per event, %.2f cores"
                            + " busy on average"
                            + " (on %d cores shared with the broker)%n",
                    cpu,
                    cpu * 1e6 / counted,
                    cpu / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
        AnalyticsProcess.Sample half = run.samples().stream()
                .filter(sample -> sample.processed() >= total / 2)
                .findFirst()
                .orElse(run.caughtUp());
        double secondHalf = half.nanos() < run.caughtUp().nanos()
                ? (run.caughtUp().processed() - half.processed())
                        / ((run.caughtUp().nanos() - half.nanos()) / 1e9)
                : rate;
        if (half.nanos() < run.caughtUp().nanos()) {
            System.out.printf(
                    "  (second half only, past the start-up transients: %,d records / %.1f s = %.0f events/s)%n",
                    run.caughtUp().processed() - half.processed(),
                    (run.caughtUp().nanos() - half.nanos()) / 1e9,
                    secondHalf);
        }
        System.out.printf(
                "posmon_signon_lag_seconds: count %,.0f, mean %.1f s, p50 %s, p99 %s, max %.1f s (classified now - occurredAt;"
                        + " occurredAt was spread over the %d s before production, %.0f attempts/s of event time, a"
                        + " mean age of %.0f s when produced)%n",
                count,
                mean,
                PrometheusText.quantile(run.metrics(), 0.50),
                PrometheusText.quantile(run.metrics(), 0.99),
                lag.getOrDefault("_max", Double.NaN),
                BenchTraffic.span(events).toSeconds(),
                BenchTraffic.EVENT_RATE,
                ageAtProduce);
        double late = PrometheusText.series(run.metrics(), "posmon_cube_late_attempts_total")
                        .getOrDefault("", 0.0)
                + PrometheusText.series(run.metrics(), "posmon_cube_late_partial_attempts_total")
                        .getOrDefault("", 0.0);
        System.out.printf(
                "posmon_signon_attempts_total (all series): %,.0f classified of %,d produced; %,d records"
                        + " dead-lettered meanwhile;"
                        + " attempts the cube could not count (late on their partition, or after their window was"
                        + " emitted): %,.0f%n",
                classified, events, deadLettered, late);
        // a count, where events/s and CPU move with the box: what the topology writes per attempt
        double written = PrometheusText.series(run.metrics(), "kafka_producer_record_send_total")
                .getOrDefault("", 0.0);
        System.out.printf(
                "records analytics wrote (its producers' kafka_producer_record_send_total: outputs, changelogs,"
                        + " repartition): %,.0f = %.2f per attempt (the store ceiling writes 2 per record: its copy and"
                        + " its store's changelog)%n",
                written, written / total);
        System.out.println("RESULT analytics_events_per_s=" + Math.round(rate) + " second_half_events_per_s="
                + Math.round(secondHalf) + " events=" + total + " seconds="
                + String.format("%.1f", seconds)
                + " to_running_s=" + String.format("%.1f", run.secondsToRunning()) + " lag_mean_s="
                + String.format("%.1f", mean)
                + " cpu_us_per_event="
                + (run.firstProgress().cpuMillis() >= 0
                        ? String.valueOf(Math.round((run.caughtUp().cpuMillis()
                                        - run.firstProgress().cpuMillis())
                                * 1e3
                                / counted))
                        : "n/a")
                + " classified=" + Math.round(classified) + " telemetry=" + produced.telemetry() + " dead_lettered="
                + deadLettered
                + " dropped_late=" + Math.round(late)
                + " records_written_per_attempt=" + String.format("%.2f", written / total));
    }
}
