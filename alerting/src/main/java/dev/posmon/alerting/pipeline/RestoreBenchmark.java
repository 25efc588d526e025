package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.detect.DetectorSettings;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.LocalizerSettings;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;

/**
 * {@code ./posmon bench alerting}'s restore figures: what a replica that becomes active spends rebuilding the detector
 * of a 100,000-terminal fleet with 7 days of history, from the real PostgreSQL. It writes a week of windows into a
 * scratch database the way the service does (the detector's input per window, and a snapshot every
 * {@code snapshotEvery} windows), then measures the two ways to restore: the service's (the last snapshot plus the
 * windows since) and a replay of all 7 days (what restoring from the retained cube alone would cost). Prints figures;
 * asserts nothing.
 * <p>
 * Usage: {@code RestoreBenchmark JDBC_URL_OF_A_SCRATCH_DATABASE [terminals] [days] [snapshotEvery]}; the database is
 * created if missing and migrated with the service's Flyway migrations; its judged windows and snapshot are replaced.
 */
public final class RestoreBenchmark {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int terminals = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int snapshotEvery = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        // the worst case: the last snapshot is snapshotEvery - 1 windows old
        int windows = days * 24 * 60 + snapshotEvery - 1;
        Fleet fleet = new Fleet(terminals);
        System.out.printf(
                "fleet: %,d terminals, %,d cells per window at the daily peak, %d days = %,d windows%n",
                terminals, fleet.cells(), days, windows);

        Detector liveDetector = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
        WindowAnalysis live = new WindowAnalysis(liveDetector, new Localizer(LocalizerSettings.DEFAULTS));
        prepare(url);
        Instant t0 = Instant.parse("2026-11-01T16:00:00Z");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            try (Statement clean = connection.createStatement()) {
                clean.execute("TRUNCATE judged_window, detector_snapshot");
            }
            connection.setAutoCommit(false);
            long judging = 0;
            int series = 0;
            Random random = new Random(1);
            try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO judged_window (window_start, window_end, seq, judged_at, "
                                    + "judged_by, cells, series, pending_findings) VALUES (?, ?, ?, now(), "
                                    + "'bench', ?, ?, '{}'::jsonb)");
                    PreparedStatement snapshot = connection.prepareStatement(
                            "INSERT INTO detector_snapshot (id, through_seq, state, taken_at) "
                                    + "VALUES (1, ?, ?, now()) ON CONFLICT (id) DO UPDATE SET "
                                    + "through_seq = EXCLUDED.through_seq, state = EXCLUDED.state")) {
                for (int w = 0; w < windows; w++) {
                    Instant start = t0.plus(Duration.ofMinutes(w));
                    List<CubeCell> cells = fleet.window(start, random);
                    long began = System.nanoTime();
                    List<WindowAnalysis.SeriesTotal> totals = WindowAnalysis.series(cells);
                    live.replay(start, totals);
                    judging += System.nanoTime() - began;
                    series = totals.size();
                    insert.setTimestamp(1, Timestamp.from(start));
                    insert.setTimestamp(2, Timestamp.from(start.plusSeconds(60)));
                    insert.setLong(3, w + 1L);
                    insert.setInt(4, cells.size());
                    insert.setBytes(5, PipelineStore.writeSeries(totals));
                    insert.addBatch();
                    if ((w + 1) % snapshotEvery == 0) {
                        snapshot.setLong(1, w + 1L);
                        snapshot.setBytes(2, liveDetector.snapshot());
                        snapshot.executeUpdate();
                    }
                    if (w % 500 == 499) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
            byte[] lastSnapshot = liveDetector.snapshot();
            System.out.printf(
                    "series per window: %,d; detector observe per window: %.2f ms; snapshot: %,d bytes (%,d series)%n",
                    series, judging / 1e6 / windows, lastSnapshot.length, liveDetector.series());

            PipelineStore store = new PipelineStore(connection, "bench");
            for (int round = 1; round <= 3; round++) {
                long began = System.nanoTime();
                Detector restored = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
                WindowAnalysis analysis = new WindowAnalysis(restored, new Localizer(LocalizerSettings.DEFAULTS));
                var stored = store.snapshot().orElseThrow();
                restored.restore(stored.getValue());
                List<PipelineStore.JudgedSeries> since = store.judgedAfter(stored.getKey());
                since.forEach(j -> analysis.replay(j.windowStart(), j.series()));
                long snapshotRestore = System.nanoTime() - began;

                began = System.nanoTime();
                Detector full = new Detector(DetectorSettings.DEFAULTS, SHANGHAI);
                WindowAnalysis fullAnalysis = new WindowAnalysis(full, new Localizer(LocalizerSettings.DEFAULTS));
                List<PipelineStore.JudgedSeries> all = store.judgedAfter(0);
                all.forEach(j -> fullAnalysis.replay(j.windowStart(), j.series()));
                long fullReplay = System.nanoTime() - began;
                System.out.printf(
                        "round %d: restore from snapshot + %d windows: %,.0f ms; replay of all %,d windows (%d "
                                + "days): %,.0f ms; same state as the live detector: %s%n",
                        round,
                        since.size(),
                        snapshotRestore / 1e6,
                        all.size(),
                        days,
                        fullReplay / 1e6,
                        Arrays.equals(restored.snapshot(), lastSnapshot)
                                && Arrays.equals(full.snapshot(), lastSnapshot));
            }
        }
    }

    /** Creates the scratch database if it is missing and migrates it with the service's own migrations. */
    private static void prepare(String url) throws SQLException {
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(
                        url.substring(0, url.lastIndexOf('/') + 1) + "postgres", "postgres", "");
                Statement statement = admin.createStatement();
                var exists = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "") + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
        Flyway.configure()
                .dataSource(url, "postgres", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** A fleet's cube: provinces × hosts × carriers × model/firmware, with a daily volume curve and 2 % failures. */
    static final class Fleet {
        final List<String[]> combos = new ArrayList<>();
        final int terminals;

        Fleet(int terminals) {
            this.terminals = terminals;
            Random random = new Random(7);
            String[] carriers = {"CMCC", "CUCC", "CTCC", "WIFI"};
            // each province is served by 3 of 12 hosts; 8 models with 4 firmware each
            for (int p = 0; p < 31; p++) {
                for (int h = 0; h < 3; h++) {
                    for (String carrier : carriers) {
                        for (int m = 0; m < 8; m++) {
                            if (random.nextDouble() < 0.5) {
                                combos.add(new String[] {
                                    String.valueOf(110000 + p * 10000),
                                    "H" + ((p + h * 5) % 12),
                                    carrier,
                                    "M" + m,
                                    "FW-" + m + "." + random.nextInt(4)
                                });
                            }
                        }
                    }
                }
            }
        }

        int cells() {
            return combos.size();
        }

        /** One window: about one sign-on per terminal per 100 minutes at the peak, less at night. */
        List<CubeCell> window(Instant start, Random random) {
            int hour = start.atZone(SHANGHAI).getHour();
            double volume = hour < 6 ? 0.1 : hour < 9 ? 0.6 : hour < 21 ? 1.0 : 0.4;
            double perCell = terminals / 100.0 * volume / combos.size();
            List<CubeCell> cells = new ArrayList<>(combos.size());
            for (String[] c : combos) {
                long attempts = Math.max(1, Math.round(perCell * (0.5 + random.nextDouble())));
                long failures = Math.round(attempts * 0.02 * random.nextDouble() * 2);
                cells.add(new CubeCell(
                        start,
                        start.plusSeconds(60),
                        c[0],
                        c[1],
                        c[2],
                        c[3],
                        c[4],
                        attempts,
                        attempts - failures,
                        failures,
                        failures == 0 ? Map.of() : Map.of(Cause.NETWORK, failures),
                        failures,
                        Map.of()));
            }
            return cells;
        }
    }

    private RestoreBenchmark() {}
}
