package dev.posmon.bench.registry;

import dev.posmon.simulator.io.IngestClient;
import java.net.URI;
import java.time.Duration;

/**
 * {@code ./posmon bench registry}: what the registry views cost in heap per registered terminal. Measures the
 * used heap of ingest and analytics after a full GC, bulk-imports N terminals through ingest's import API,
 * waits until analytics' registry store holds them, measures again and prints (after − before) / N for each.
 * Terminal ids are new to every run, so earlier runs' terminals are in both measurements and cancel out.
 *
 * <p>Arguments: ingest URL, analytics URL, admin token, terminals, ingest pid, analytics pid[, clients].
 */
public final class RegistryBenchmark {

    private RegistryBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println(
                    "usage: RegistryBenchmark ingestUrl analyticsUrl adminToken terminals ingestPid analyticsPid [clients]");
            System.exit(2);
        }
        URI ingest = URI.create(args[0]);
        URI analytics = URI.create(args[1]);
        String token = args[2];
        int terminals = Integer.parseInt(args[3]);
        long ingestPid = Long.parseLong(args[4]);
        long analyticsPid = Long.parseLong(args[5]);
        int clients = args.length > 6 ? Integer.parseInt(args[6]) : 4;

        HeapProbe heap = new HeapProbe(System.getProperty("java.home"));
        BenchFleet fleet = BenchFleet.forNewRun();
        System.err.printf("heap before (full GC): ingest pid %d, analytics pid %d%n", ingestPid, analyticsPid);
        long ingestBefore = heap.usedAfterFullGc(ingestPid);
        long analyticsBefore = heap.usedAfterFullGc(analyticsPid);
        System.err.printf("  ingest %,d B, analytics %,d B%n", ingestBefore, analyticsBefore);

        long start = System.nanoTime();
        System.err.printf(
                "importing %,d terminals (ids %s…) through POST /v1/terminals:import, %d clients%n",
                terminals, fleet.terminalId(0), clients);
        new FleetImport(new IngestClient(ingest, token), token).run(fleet, terminals, clients);
        long importSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        long waited = new AnalyticsRegistryWait(analytics, token).await(fleet, terminals, Duration.ofMinutes(30));
        System.err.printf("imported in %d s; analytics' registry store held them %d s later%n", importSeconds, waited);

        long ingestAfter = heap.usedAfterFullGc(ingestPid);
        long analyticsAfter = heap.usedAfterFullGc(analyticsPid);
        System.err.printf("heap after (full GC): ingest %,d B, analytics %,d B%n", ingestAfter, analyticsAfter);

        double ingestPerTerminal = (double) (ingestAfter - ingestBefore) / terminals;
        double analyticsPerTerminal = (double) (analyticsAfter - analyticsBefore) / terminals;
        System.out.printf(
                "%nposmon bench registry: heap per registered terminal (used after a full GC, after − before) / %,d%n",
                terminals);
        System.out.printf("%-12s %16s %16s %14s%n", "service", "before (MiB)", "after (MiB)", "B / terminal");
        System.out.printf(
                "%-12s %16.1f %16.1f %14.1f%n", "ingest", mib(ingestBefore), mib(ingestAfter), ingestPerTerminal);
        System.out.printf(
                "%-12s %16.1f %16.1f %14.1f%n",
                "analytics", mib(analyticsBefore), mib(analyticsAfter), analyticsPerTerminal);
        System.out.printf("target: <= 150 B / terminal in each%n");
        System.out.printf(
                "RESULT terminals=%d ingest_bytes_per_terminal=%.1f analytics_bytes_per_terminal=%.1f import_s=%d%n",
                terminals, ingestPerTerminal, analyticsPerTerminal, importSeconds);
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
