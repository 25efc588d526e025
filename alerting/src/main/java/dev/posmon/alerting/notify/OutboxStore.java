package dev.posmon.alerting.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Table {@code notification_outbox} as delivery sees it, over plain JDBC: every replica's workers read, supersede,
 * claim and settle rows here, so every statement that changes a row says under which claim it may. Rows are
 * written by the service (columns incident_id, receiver, payload, created_at, next_attempt_at).
 */
public final class OutboxStore {

    /** A row claimed for sending. */
    public record Row(long id, String incidentId, String receiver, String payload, int attempts) {}

    /** The verdict of a claim; {@code row} is set when it was granted. */
    public record Claim(ClaimRule.Verdict verdict, Row row) {

        public boolean granted() {
            return row != null;
        }
    }

    static final String LIVE = "delivered_at IS NULL AND superseded_by IS NULL";
    static final String UNCLAIMED = "(claimed_until IS NULL OR claimed_until < clock_timestamp())";

    private final DataSource dataSource;

    public OutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The receiver's live rows, oldest first, claimed or not (ordering needs to see them all). */
    public List<OutboxOrder.Pending> pending(String receiver, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT id, incident_id, receiver, next_attempt_at FROM notification_outbox WHERE receiver = ? AND "
                                + LIVE + " ORDER BY id LIMIT ?")) {
            q.setString(1, receiver);
            q.setInt(2, limit);
            List<OutboxOrder.Pending> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxOrder.Pending(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("read the outbox of " + receiver, e);
        }
    }

    /**
     * Marks a row obsolete ({@code newer} carries a later state), unless a replica's claim on it runs: a row on the
     * wire is left to its sender, and the newer one waits for it ({@link ClaimRule}). True when marked.
     */
    public boolean supersede(long id, long newer, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "UPDATE notification_outbox SET superseded_by = ?, superseded_at = ? WHERE id = ? AND " + LIVE
                                + " AND " + UNCLAIMED)) {
            q.setLong(1, newer);
            q.setObject(2, utc(at));
            q.setLong(3, id);
            return q.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("supersede row " + id, e);
        }
    }

    /**
     * Claims a row for {@code lease} on behalf of {@code replica}: locks the live rows of its incident and receiver
     * (in id order, so two claimers of one group queue instead of deadlocking), lets {@link ClaimRule} judge them on
     * the database's clock, and writes the claim in the same transaction.
     */
    public Claim claim(long id, String replica, Duration lease) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Claim claim = claim(c, id, replica, lease);
                c.commit();
                return claim;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure("claim row " + id, e);
        }
    }

    private Claim claim(Connection c, long id, String replica, Duration lease) throws SQLException {
        String incidentId;
        String receiver;
        try (PreparedStatement q =
                c.prepareStatement("SELECT incident_id, receiver FROM notification_outbox WHERE id = ?")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return new Claim(
                            new ClaimRule.Verdict(ClaimRule.Outcome.GONE, "row " + id + " does not exist"), null);
                }
                incidentId = rs.getString(1);
                receiver = rs.getString(2);
            }
        }
        List<ClaimRule.Live> group = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, claimed_by, claimed_until FROM notification_outbox WHERE incident_id = ? AND receiver = ? AND "
                        + LIVE + " ORDER BY id FOR UPDATE")) {
            q.setString(1, incidentId);
            q.setString(2, receiver);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    group.add(new ClaimRule.Live(rs.getLong(1), rs.getString(2), instant(rs, 3)));
                }
            }
        }
        Instant now;
        try (PreparedStatement q = c.prepareStatement("SELECT clock_timestamp()");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            now = instant(rs, 1);
        }
        ClaimRule.Verdict verdict = ClaimRule.decide(id, group, now);
        if (verdict.outcome() != ClaimRule.Outcome.CLAIM) {
            return new Claim(verdict, null);
        }
        try (PreparedStatement q =
                c.prepareStatement("UPDATE notification_outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? "
                        + "RETURNING id, incident_id, receiver, payload, attempts")) {
            q.setString(1, replica);
            q.setObject(2, utc(now.plus(lease)));
            q.setLong(3, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new Claim(
                        verdict,
                        new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
            }
        }
    }

    /**
     * The receiver took the row. Recorded even if this replica's lease ran out meanwhile (it was delivered all the
     * same); the claim is released only if it is still this replica's.
     */
    public void delivered(long id, String replica, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("UPDATE notification_outbox SET delivered_at = coalesce(delivered_at, ?), "
                                + "attempts = attempts + 1, last_error = NULL, claimed_until = CASE WHEN "
                                + "claimed_by = ? THEN NULL ELSE claimed_until END, claimed_by = CASE WHEN "
                                + "claimed_by = ? THEN NULL ELSE claimed_by END WHERE id = ?")) {
            q.setObject(1, utc(at));
            q.setString(2, replica);
            q.setString(3, replica);
            q.setLong(4, id);
            q.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark row " + id + " delivered", e);
        }
    }

    /**
     * The attempt failed: the row is retried at {@code nextAttemptAt} and its claim released. Only under this
     * replica's claim: once the lease has passed to another replica, that one's attempt is the row's state. True
     * when recorded.
     */
    public boolean failed(long id, String replica, String error, Instant nextAttemptAt) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("UPDATE notification_outbox SET attempts = attempts + 1, last_error = ?, "
                                + "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND "
                                + "claimed_by = ? AND delivered_at IS NULL")) {
            q.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
            q.setObject(2, utc(nextAttemptAt));
            q.setLong(3, id);
            q.setString(4, replica);
            return q.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("record the failed attempt at row " + id, e);
        }
    }

    /** Live rows over all receivers. */
    public long depth() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM notification_outbox WHERE " + LIVE);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count the outbox", e);
        }
    }

    /** When the oldest live row was created, or null when none is. */
    public Instant oldestPending() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT min(created_at) FROM notification_outbox WHERE " + LIVE);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return instant(rs, 1);
        } catch (SQLException e) {
            throw failure("read the oldest outbox row", e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }
}
