package dev.posmon.alerting;

import com.sun.net.httpserver.HttpServer;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.Alertmanager;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One alerting run of the tests: a real Alertmanager, and a consumer group of its own that starts at the
 * current end of the cube and health topics (earlier runs' cells are not this run's business).
 */
public class AlertingRunResource implements QuarkusTestResourceLifecycleManager {

    public static Alertmanager alertmanager;
    /** Bodies the generic webhook received, in order. */
    public static final List<String> WEBHOOK_BODIES = new CopyOnWriteArrayList<>();
    /** While set, the webhook answers 503 and keeps nothing (a receiver that is down). */
    public static final AtomicBoolean WEBHOOK_DOWN = new AtomicBoolean();

    private static HttpServer webhook;

    @Override
    public Map<String, String> start() {
        alertmanager = Alertmanager.start();
        try {
            webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (WEBHOOK_DOWN.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            WEBHOOK_BODIES.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        forgetPipelineState();
        String group = "posmon-alerting-it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestResource.startGroupAtEnd(group, List.of(Topics.SIGNON_CUBE.name(), Topics.TERMINAL_HEALTH.name()));
        return Map.of(
                "posmon.alerting.group-id",
                group,
                "posmon.alerting.window-settle",
                "PT1S",
                "posmon.notify.alertmanager-url",
                alertmanager.url(),
                "posmon.notify.webhook-url",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "posmon.notify.resend-interval",
                "PT2S",
                "posmon.notify.max-backoff",
                "PT2S");
    }

    /**
     * A run starts where its consumer group starts (the end of the topics), not where an earlier run's stored positions
     * are, and judges its own windows: the test database outlives runs, and a window judged by an earlier run (the
     * tests' windows are hours in the past, so runs' windows overlap) would make this run's cells of it late.
     */
    public static void forgetPipelineState() {
        PostgresTestResource.ensureDatabase();
        try (Connection db = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), "postgres", "");
                Statement statement = db.createStatement();
                ResultSet migrated = statement.executeQuery("SELECT to_regclass('judged_window') IS NOT NULL")) {
            migrated.next();
            if (migrated.getBoolean(1)) {
                statement.execute("TRUNCATE consumer_position, pending_cell, judged_window, detector_snapshot");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot reset alerting's pipeline state in " + PostgresTestResource.jdbcUrl(), e);
        }
    }

    @Override
    public void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }
}
