package dev.posmon.bench.scale;

import dev.posmon.bench.registry.AnalyticsRegistryWait;
import dev.posmon.bench.registry.BenchFleet;
import dev.posmon.bench.registry.FleetImport;
import dev.posmon.bench.registry.HeapProbe;
import dev.posmon.bench.scale.PipelineProbe.Sample;
import dev.posmon.simulator.io.IngestClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code ./posmon bench scale}: posmon with a fleet of N terminals (1,000,000 by default) on the running services.
 * Bulk-imports the fleet through {@code POST /v1/terminals:import}, waits until analytics knows it, plays the
 * morning peak ({@link PeakLoad}) on the wall clock while {@link PipelineProbe} samples how far the pipeline is
 * behind, and prints: the import time; the heap after a full GC and the RSS of each service; analytics'
 * state-store disk per terminal; the events/s sustained, with analytics' consumer lag; the cube's delay behind
 * event time; alerting's judging delay.
 *
 * <p>Arguments: ingestUrl analyticsUrl alertingUrl adminToken bootstrap terminals ingestPid analyticsPid alertingPid
 * analyticsStateDir. Options from the environment: POSMON_BENCH_PEAK (PT5M), POSMON_BENCH_WAVE (PT30M: every
 * terminal signs on once within it), POSMON_BENCH_TELEMETRY_EVERY (PT5M), POSMON_BENCH_CLIENTS (8).
 */
public final class ScaleBenchmark {

    private static final String ANALYTICS_APPLICATION_ID = "posmon-analytics";

    private ScaleBenchmark() {}

    record Service(String name, long pid) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 10) {
            System.err.println(
                    "usage: ScaleBenchmark ingestUrl analyticsUrl alertingUrl adminToken bootstrap terminals "
                            + "ingestPid analyticsPid alertingPid analyticsStateDir");
            System.exit(2);
        }
        URI ingest = URI.create(args[0]);
        URI analytics = URI.create(args[1]);
        URI alerting = URI.create(args[2]);
        String token = args[3];
        String bootstrap = args[4];
        int terminals = Integer.parseInt(args[5]);
        List<Service> services = List.of(
                new Service("ingest", Long.parseLong(args[6])),
                new Service("analytics", Long.parseLong(args[7])),
                new Service("alerting", Long.parseLong(args[8])));
        Path stateDir = Path.of(args[9]);
        long brokerPid = args.length > 10 ? Long.parseLong(args[10]) : -1;
        Duration peak = Duration.parse(env("POSMON_BENCH_PEAK", "PT5M"));
        Duration wave = Duration.parse(env("POSMON_BENCH_WAVE", "PT30M"));
        Duration telemetryEvery = Duration.parse(env("POSMON_BENCH_TELEMETRY_EVERY", "PT5M"));
        int clients = Integer.parseInt(env("POSMON_BENCH_CLIENTS", "8"));

        HeapProbe heap = new HeapProbe(System.getProperty("java.home"));
        BenchFleet fleet = BenchFleet.forNewRun();
        long[] heapBefore = new long[services.size()];
        for (int s = 0; s < services.size(); s++) {
            heapBefore[s] = heap.usedAfterFullGc(services.get(s).pid());
        }
        long diskBefore = bytesUnder(stateDir);

        System.err.printf(
                "importing %,d terminals (ids %s…) through POST /v1/terminals:import%n",
                terminals, fleet.terminalId(0));
        long start = System.nanoTime();
        IngestClient client = new IngestClient(ingest, token);
        new FleetImport(client, token).run(fleet, terminals, 4);
        double importSeconds = (System.nanoTime() - start) / 1e9;
        long registryWait = new AnalyticsRegistryWait(analytics, token).await(fleet, terminals, Duration.ofMinutes(30));
        System.err.printf(
                "imported in %.0f s; analytics knew the last of them %d s later%n", importSeconds, registryWait);

        PeakLoad load = new PeakLoad(client, token, fleet, terminals, wave, telemetryEvery, clients);
        List<Sample> samples = new ArrayList<>();
        long[] cpuBefore = cpuTicks(services, brokerPid);
        PeakLoad.Figures played;
        try (PipelineProbe probe = new PipelineProbe(bootstrap, ANALYTICS_APPLICATION_ID, alerting)) {
            System.err.printf(
                    "peak: %,.0f sign-ons/s (every terminal once in %s) + %,.0f telemetry/s (every %s) for %s%n",
                    terminals / (double) wave.toSeconds(),
                    wave,
                    terminals / (double) telemetryEvery.toSeconds(),
                    telemetryEvery,
                    peak);
            played = load.play(peak, () -> {
                try {
                    Sample sample = probe.sample();
                    samples.add(sample);
                    System.err.printf(
                            "  lag %,d records, cube %s behind, judging %s behind%n",
                            sample.lag(), seconds(sample.cubeDelay()), seconds(sample.judgingDelay()));
                } catch (Exception e) {
                    System.err.println("  probe failed: " + e);
                }
            });
            samples.add(probe.sample());
        }
        long[] cpuAfter = cpuTicks(services, brokerPid);

        long[] heapAfter = new long[services.size()];
        long[] rss = new long[services.size()];
        for (int s = 0; s < services.size(); s++) {
            heapAfter[s] = heap.usedAfterFullGc(services.get(s).pid());
            rss[s] = rssBytes(services.get(s).pid());
        }
        long diskAfter = bytesUnder(stateDir);

        List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
        long maxLag = samples.stream().mapToLong(Sample::lag).max().orElse(0);
        long endLag = samples.get(samples.size() - 1).lag();
        long boundedBy = Math.round(load.eventsPerSecond() * 30);

        System.out.printf(
                "%nposmon bench scale: %,d terminals (%d cores; broker, PostgreSQL and the services on this machine)%n",
                terminals, Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "%-34s %,d terminals in %.0f s (%,.0f /s); analytics knew them %d s later%n",
                "import", terminals, importSeconds, terminals / importSeconds, registryWait);
        System.out.printf(
                "%-34s %s: %,.0f sign-ons/s + %,.0f telemetry/s = %,.0f events/s asked%n",
                "peak played", peak, played.signOnsPerSecond(), played.telemetryPerSecond(), load.eventsPerSecond());
        System.out.printf(
                "%-34s %,.0f events/s accepted by ingest (%,d of %,d; %,d not sent, %d failed batches)%n",
                "sustained",
                played.acceptedPerSecond(),
                played.accepted(),
                played.sent() + played.notSent(),
                played.notSent(),
                played.failedBatches());
        System.out.printf(
                "%-34s max %,d, at the end %,d records (bounded: %s, i.e. at the end <= 30 s of events = %,d)%n",
                "analytics consumer lag", maxLag, endLag, endLag <= boundedBy ? "yes" : "NO", boundedBy);
        System.out.printf(
                "%-34s %s (second half of the peak)%n",
                "cube's newest window behind now", spread(secondHalf, Sample::cubeDelay));
        System.out.printf(
                "%-34s %s (second half of the peak)%n",
                "alerting's judged window behind now", spread(secondHalf, Sample::judgingDelay));
        System.out.printf(
                "%n%-12s %18s %18s %14s %12s %12s %14s%n",
                "service",
                "heap before (MiB)",
                "heap after (MiB)",
                "B / terminal",
                "RSS (MiB)",
                "cores (peak)",
                "µs CPU / event");
        double[] cores = new double[cpuBefore.length];
        for (int s = 0; s < cpuBefore.length; s++) {
            cores[s] = (cpuAfter[s] - cpuBefore[s]) / (double) CLOCK_TICKS / played.seconds();
            double micros = cores[s] * 1e6 / played.acceptedPerSecond();
            if (s < services.size()) {
                System.out.printf(
                        "%-12s %18.1f %18.1f %14.1f %12.1f %12.2f %14.0f%n",
                        services.get(s).name(),
                        mib(heapBefore[s]),
                        mib(heapAfter[s]),
                        (double) (heapAfter[s] - heapBefore[s]) / terminals,
                        mib(rss[s]),
                        cores[s],
                        micros);
            } else {
                System.out.printf(
                        "%-12s %18s %18s %14s %12s %12.2f %14.0f%n", "kafka", "-", "-", "-", "-", cores[s], micros);
            }
        }
        System.out.printf(
                "%n%-34s %,.1f MiB after, %,.1f before: %,.0f B / terminal%n",
                "analytics state stores (disk)",
                mib(diskAfter),
                mib(diskBefore),
                (double) (diskAfter - diskBefore) / terminals);
        System.out.printf(
                "RESULT terminals=%d import_s=%.0f events_per_s=%.0f max_lag=%d end_lag=%d cube_delay_max_s=%s"
                        + " judging_delay_max_s=%s"
                        + " heap_ingest=%d heap_analytics=%d heap_alerting=%d rss_ingest=%d rss_analytics=%d"
                        + " rss_alerting=%d state_bytes_per_terminal=%.0f"
                        + " cores_ingest=%.2f cores_analytics=%.2f cores_alerting=%.2f%n",
                terminals,
                importSeconds,
                played.acceptedPerSecond(),
                maxLag,
                endLag,
                max(secondHalf, Sample::cubeDelay),
                max(secondHalf, Sample::judgingDelay),
                heapAfter[0],
                heapAfter[1],
                heapAfter[2],
                rss[0],
                rss[1],
                rss[2],
                (double) (diskAfter - diskBefore) / terminals,
                cores[0],
                cores[1],
                cores[2]);
    }

    /** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these. */
    private static final int CLOCK_TICKS = 100;

    /** User plus system CPU time of each service (and the broker, when its pid is known), in clock ticks. */
    private static long[] cpuTicks(List<Service> services, long brokerPid) throws IOException {
        long[] ticks = new long[services.size() + (brokerPid > 0 ? 1 : 0)];
        for (int s = 0; s < services.size(); s++) {
            ticks[s] = cpuTicks(services.get(s).pid());
        }
        if (brokerPid > 0) {
            ticks[services.size()] = cpuTicks(brokerPid);
        }
        return ticks;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of stat)
    }

    private static String spread(List<Sample> samples, Function<Sample, Duration> delay) {
        List<Long> values = samples.stream()
                .map(delay)
                .filter(Objects::nonNull)
                .map(Duration::toSeconds)
                .sorted()
                .toList();
        if (values.isEmpty()) {
            return "none seen";
        }
        return String.format(
                "median %d s, max %d s over %d samples",
                values.get(values.size() / 2), values.get(values.size() - 1), values.size());
    }

    private static String max(List<Sample> samples, Function<Sample, Duration> delay) {
        return samples.stream()
                .map(delay)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(d -> Long.toString(d.toSeconds()))
                .orElse("none");
    }

    private static String seconds(Duration delay) {
        return delay == null ? "(none yet)" : delay.toSeconds() + " s";
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // a file RocksDB removed meanwhile
                        }
                    })
                    .sum();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
