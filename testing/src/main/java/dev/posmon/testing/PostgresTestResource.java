package dev.posmon.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The real PostgreSQL the integration tests use: the machine's on 127.0.0.1:5432 (or, where none answers,
 * the embedded one {@code ./posmon up --infra-only} starts), with a database {@code posmon_test} of its own
 * so that tests never touch the data of a running posmon. Flyway migrates it when the service starts.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String HOST_PORT = System.getProperty("posmon.pg", "127.0.0.1:5432");
    /** {@code -Dposmon.test.db=...} gives a checkout its own database (two worktrees testing at once). */
    public static final String DATABASE = System.getProperty("posmon.test.db", "posmon_test");

    @Override
    public Map<String, String> start() {
        ensureDatabase();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl(),
                "quarkus.datasource.reactive.url",
                "postgresql://" + HOST_PORT + "/" + DATABASE,
                "quarkus.datasource.username",
                "postgres");
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + HOST_PORT + "/" + DATABASE;
    }

    /** Creates the test database if absent, starting posmon's local PostgreSQL if nothing answers. */
    public static synchronized void ensureDatabase() {
        if (!KafkaTestResource.reachable(HOST_PORT)) {
            PosmonScript.run(Map.of(), "up", "--infra-only");
        }
        try (Connection admin =
                        DriverManager.getConnection("jdbc:postgresql://" + HOST_PORT + "/postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + DATABASE + " on " + HOST_PORT, e);
        }
    }

    @Override
    public void stop() {
        // the database stays for the next run; tests use their own ids
    }
}
