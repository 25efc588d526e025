package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.posmon.alerting.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two replicas delivering one outbox in the real PostgreSQL: {@link ReceiverWorker}s with different replica names
 * over {@link OutboxStore}s of their own, and a recording receiver. Each test uses a receiver name of its own, so
 * that no running alerting (another IT's) takes its rows.
 */
class OutboxClaimsIT {

    static final DeliverySettings SETTINGS = new DeliverySettings(
            Duration.ofMillis(200),
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(200));
    static PGSimpleDataSource dataSource;

    final String receiver = "claims-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();

    record Sent(long row, String replica, String key) {}

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabase.migrated();
    }

    @BeforeEach
    void reset() {
        sent.clear();
    }

    @Test
    void manyClaimersOfOneRowAndOnlyOneGetsIt() throws Exception {
        long row = insert("inc-race", "{\"status\":\"firing\"}");
        int claimers = 8;
        CyclicBarrier start = new CyclicBarrier(claimers);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<Boolean>> granted = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                String replica = "replica-" + i;
                granted.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return new OutboxStore(dataSource)
                            .claim(row, replica, SETTINGS.claimLease())
                            .granted();
                }));
            }
            int winners = 0;
            for (Future<Boolean> claim : granted) {
                winners += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).as("claims granted on one row").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoReplicasDeliveringTogetherSendEveryRowOnce() throws Exception {
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(insert("inc-" + i, "{\"status\":\"firing\"}"));
        }
        ReceiverWorker a = worker("replica-a");
        ReceiverWorker b = worker("replica-b");
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = replicas.submit(() -> deliverUntilDone(a));
            Future<?> second = replicas.submit(() -> deliverUntilDone(b));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(overlaps.get()).as("sends of one row in flight at once").isZero();
        assertThat(sent)
                .extracting(Sent::row)
                .as("every row sent exactly once")
                .containsExactlyInAnyOrderElementsOf(rows);
        assertThat(undelivered()).isZero();
    }

    @Test
    void aNewerStateWaitsForTheOlderOneAnotherReplicaIsSending() throws Exception {
        long firing = insert("inc-order", "{\"status\":\"firing\"}");
        OutboxStore replicaA = new OutboxStore(dataSource);
        assertThat(replicaA.claim(firing, "replica-a", SETTINGS.claimLease()).granted())
                .isTrue();
        long resolved = insert("inc-order", "{\"status\":\"resolved\"}");

        ReceiverWorker b = worker("replica-b");
        assertThat(b.round())
                .as("replica B neither supersedes the row on the wire nor overtakes it")
                .isZero();
        assertThat(sent).isEmpty();
        assertThat(column(firing, "superseded_by")).isNull();

        replicaA.delivered(firing, "replica-a", Instant.now());
        assertThat(b.round()).isEqualTo(1);
        assertThat(sent)
                .extracting(Sent::row, Sent::key)
                .containsExactly(Tuple.tuple(resolved, "inc-order:resolved:" + resolved));
    }

    @Test
    void aReplicaThatDiedHoldingARowBlocksItOnlyUntilItsLeaseEnds() throws Exception {
        long row = insert("inc-dead", "{\"status\":\"firing\"}");
        // the dead replica's claim, as it left it: sent, perhaps, but never settled
        Duration shortLease = Duration.ofSeconds(2);
        assertThat(new OutboxStore(dataSource)
                        .claim(row, "replica-dead", shortLease)
                        .granted())
                .isTrue();
        Instant claimed = Instant.now();

        ReceiverWorker b = worker("replica-b");
        assertThat(b.round()).as("while the lease runs").isZero();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> b.round() == 1);
        assertThat(Duration.between(claimed, Instant.now()))
                .as("not before the lease ended")
                .isGreaterThanOrEqualTo(shortLease.minusMillis(200));
        assertThat(sent).extracting(Sent::replica).containsExactly("replica-b");
        assertThat(undelivered()).isZero();
    }

    @Test
    void everyAttemptAtARowCarriesTheSameKeyWhicheverReplicaMakesIt() throws Exception {
        long row = insert("inc-key", "{\"status\":\"firing\"}");
        AtomicInteger attempts = new AtomicInteger();
        ReceiverWorker failingOnce = new ReceiverWorker(
                receiver,
                new OutboxStore(dataSource),
                (claimed, key) -> {
                    sent.add(new Sent(claimed.id(), "replica-a", key));
                    return attempts.incrementAndGet() == 1 ? "HTTP 503" : null;
                },
                SETTINGS,
                Clock.systemUTC(),
                "replica-a",
                (r, result) -> {});
        assertThat(failingOnce.round()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> failingOnce.round() == 1);

        // and a failover: replica C sends the row, dies before marking it delivered; replica D sends it again
        long second = insert("inc-key", "{\"status\":\"resolved\"}");
        OutboxStore replicaC = new OutboxStore(dataSource);
        OutboxStore.Claim claim = replicaC.claim(second, "replica-c", Duration.ofSeconds(1));
        assertThat(claim.granted()).isTrue();
        sent.add(new Sent(
                second,
                "replica-c",
                IdempotencyKey.of(
                        claim.row().id(),
                        claim.row().incidentId(),
                        receiver,
                        claim.row().payload())));
        ReceiverWorker d = worker("replica-d");
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> d.round() == 1);

        assertThat(sent)
                .extracting(Sent::row, Sent::key)
                .containsExactly(
                        Tuple.tuple(row, "inc-key:firing:" + row),
                        Tuple.tuple(row, "inc-key:firing:" + row),
                        Tuple.tuple(second, "inc-key:resolved:" + second),
                        Tuple.tuple(second, "inc-key:resolved:" + second));
    }

    @Test
    void aRowThatCannotBeSentBacksOffAndTheOthersGoOn() throws Exception {
        long broken = insert("inc-broken", "not json");
        long fine = insert("inc-fine", "{\"status\":\"firing\"}");
        ReceiverWorker b = worker("replica-b");
        assertThat(b.round()).isEqualTo(1);
        assertThat(sent).extracting(Sent::row).containsExactly(fine);
        assertThat(column(broken, "last_error")).asString().contains("not JSON");
        assertThat(column(broken, "claimed_by"))
                .as("its claim released with the failure")
                .isNull();
    }

    // ------------------------------------------------------------------------------------------ helpers

    ReceiverWorker worker(String replica) {
        return new ReceiverWorker(
                receiver,
                new OutboxStore(dataSource),
                (row, key) -> {
                    if (inFlight.computeIfAbsent(row.id(), id -> new AtomicInteger())
                                    .incrementAndGet()
                            > 1) {
                        overlaps.incrementAndGet();
                    }
                    try {
                        sent.add(new Sent(row.id(), replica, key));
                        // a receiver's latency, so that the two replicas' sends overlap in time
                        TimeUnit.MILLISECONDS.sleep(3);
                        return null;
                    } finally {
                        inFlight.get(row.id()).decrementAndGet();
                    }
                },
                SETTINGS,
                Clock.systemUTC(),
                replica,
                (r, result) -> {});
    }

    void deliverUntilDone(ReceiverWorker worker) {
        await().atMost(Duration.ofSeconds(50))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    worker.round();
                    return undelivered() == 0;
                });
    }

    long insert(String incident, String payload) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "INSERT INTO notification_outbox "
                                + "(incident_id, receiver, payload, created_at, next_attempt_at) VALUES (?, ?, ?, now(), now()) RETURNING id")) {
            q.setString(1, incident);
            q.setString(2, receiver);
            q.setString(3, payload);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long undelivered() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM notification_outbox WHERE receiver = ? AND delivered_at IS NULL AND superseded_by IS NULL")) {
            q.setString(1, receiver);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Object column(long row, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT " + column + " FROM notification_outbox WHERE id = ?")) {
            q.setLong(1, row);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }
}
