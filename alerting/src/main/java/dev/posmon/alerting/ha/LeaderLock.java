package dev.posmon.alerting.ha;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Who of the alerting replicas is the active one: the replica holding PostgreSQL's session advisory lock
 * {@link #KEY} on a connection of its own. The lock lives exactly as long as that connection: a replica that
 * dies, or loses the database, loses it, and another one's next try takes it. The active replica writes everything
 * it judges over this same connection, so one that has lost the lock cannot write either (no split brain, no fencing
 * token to check). One thread (the pipeline's) uses it; {@link #close()} may come from another (shutdown).
 */
public final class LeaderLock implements AutoCloseable {

    /** The advisory lock's key: "posmon" in ASCII. One alerting deployment per database. */
    public static final long KEY = 0x706f736d6f6eL;

    private final String url;
    private final Properties properties;
    private volatile Connection connection;
    private volatile boolean held;
    private volatile boolean closed;

    /**
     * @param socketTimeoutSeconds how long a statement may wait for the database before the connection counts as lost
     *                             (a hung database must not hold the lock's owner for ever)
     */
    public LeaderLock(String jdbcUrl, String user, String password, int socketTimeoutSeconds) {
        this.url = jdbcUrl;
        this.properties = new Properties();
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "posmon-alerting-leader");
    }

    /**
     * Tries once to take the lock (connecting first if needed). Answers the connection that holds it, empty while
     * another replica holds it; throws when the database cannot be reached.
     */
    public synchronized Optional<Connection> tryAcquire() throws SQLException {
        if (closed) {
            return Optional.empty();
        }
        if (held) {
            return Optional.of(connection);
        }
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, properties);
        }
        Connection connection = this.connection;
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                held = result.getBoolean(1);
            }
        } catch (SQLException e) {
            release();
            throw e;
        }
        if (closed) {
            release();
            return Optional.empty();
        }
        return held ? Optional.of(connection) : Optional.empty();
    }

    /** Whether the connection that holds the lock still answers within the timeout. */
    public boolean stillHeld(int timeoutSeconds) {
        try {
            return held && connection != null && connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Gives the lock up by closing its connection (the database releases a session lock with its session); it may be
     * taken again.
     */
    public void release() {
        held = false;
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // closing a connection that is gone: the lock is gone with it
            }
        }
    }

    /**
     * Gives the lock up for good (the service stops): no later {@link #tryAcquire} takes it again. Safe from another thread
     * than the owner's; a statement the owner is running fails with the closed connection.
     */
    @Override
    public void close() {
        closed = true;
        release();
    }
}
