package dev.posmon.alerting.api;

import dev.posmon.security.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * The problem alerting answers when PostgreSQL does not, in posmon-security's {@link ApiProblem} shape like every other
 * error (a 400 names its field: {@link ApiProblem#badRequest}).
 */
public final class Problems {

    /** Seconds a client waits before trying again: a replica reconnects within a few. */
    static final long RETRY_AFTER_SECONDS = 5;

    private Problems() {}

    /** 503 with Retry-After: PostgreSQL did not answer; nothing was changed. */
    public static ApiProblem databaseUnavailable(SQLException cause) {
        return ApiProblem.retryAfter(
                Response.Status.SERVICE_UNAVAILABLE,
                "the database did not answer (" + cause.getMessage() + "); nothing was changed, try again",
                RETRY_AFTER_SECONDS);
    }
}
