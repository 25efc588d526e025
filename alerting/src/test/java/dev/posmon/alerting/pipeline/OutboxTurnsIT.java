package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.alerting.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Writers of the outbox take turns in the real PostgreSQL: a re-send that has read an incident as firing holds the
 * outbox until it has written it, so a judgement resolving the incident meanwhile writes its "resolved" row after the
 * re-send's "firing" row, and the newest row (the one delivered) is the resolution. Each test uses a receiver name of
 * its own, so that no running alerting (another IT's) takes its rows.
 */
class OutboxTurnsIT {

    static PGSimpleDataSource dataSource;

    final String receiver = "turns-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabase.migrated();
    }

    @Test
    void aResolutionWrittenWhileAReSendHoldsTheOutboxComesAfterTheReSendsFiringRow() throws Exception {
        String incident = "inc-" + UUID.randomUUID();
        try (Connection resend = dataSource.getConnection()) {
            resend.setAutoCommit(false);
            PipelineStore.lockOutbox(resend); // the re-send has read the incident as firing

            CompletableFuture<Void> judgement = CompletableFuture.runAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    PipelineStore.writeOutbox(connection, List.of(row(incident, "resolved")), Instant.now());
                    connection.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10))
                    .alias("the judgement waits for the re-send's turn")
                    .until(() -> waitingForTheOutbox() > 0);
            assertThat(judgement).isNotDone();

            PipelineStore.writeOutbox(resend, List.of(row(incident, "firing")), Instant.now());
            resend.commit();
            judgement.get();
        }
        assertThat(payloadsNewestFirst(incident))
                .as("the resolution is the newest row, the one delivered")
                .containsExactly(payload("resolved"), payload("firing"));
    }

    PipelineStore.Notification row(String incident, String status) {
        return new PipelineStore.Notification(incident, receiver, payload(status));
    }

    static String payload(String status) {
        return "{\"status\":\"" + status + "\"}";
    }

    static int waitingForTheOutbox() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                                + "AND objid = ? AND objsubid = 1")) {
            select.setLong(1, PipelineStore.OUTBOX_LOCK & 0xffffffffL);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    List<String> payloadsNewestFirst(String incident) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT payload FROM notification_outbox WHERE incident_id = ? AND receiver = ? ORDER BY id DESC")) {
            select.setString(1, incident);
            select.setString(2, receiver);
            try (ResultSet rows = select.executeQuery()) {
                List<String> payloads = new ArrayList<>();
                while (rows.next()) {
                    payloads.add(rows.getString(1));
                }
                return payloads;
            }
        }
    }
}
