package dev.posmon.alerting.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call an endpoint, from the request's bearer token: the admin token (POSMON_ADMIN_TOKEN) may do
 * everything; the optional operator token (POSMON_OPERATOR_TOKEN) may do what on-call does (read incidents,
 * acknowledge and resolve them, list maintenance windows, read reports) but not what changes how alerting
 * judges (declaring and cancelling maintenance windows). Plain class; tokens compare in constant time.
 */
public final class Access {

    /** What an endpoint needs. */
    public enum Role {
        OPERATOR,
        ADMIN
    }

    public enum Outcome {
        ALLOWED,
        /** No token, or one nobody configured: 401. */
        UNAUTHENTICATED,
        /** A known token whose role is not enough: 403. */
        FORBIDDEN
    }

    public record Decision(Outcome outcome, String reason) {
    }

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> admin;
    private final Optional<byte[]> operator;

    /** Blank tokens count as unset: with no admin token every request is refused. */
    public Access(Optional<String> adminToken, Optional<String> operatorToken) {
        this.admin = bytes(adminToken);
        this.operator = bytes(operatorToken);
    }

    public Decision check(String authorization, Role needed) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new Decision(Outcome.UNAUTHENTICATED, "this endpoint needs the " + name(needed) + " bearer token");
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (matches(admin, presented)) {
            return new Decision(Outcome.ALLOWED, "admin token");
        }
        if (matches(operator, presented)) {
            return needed == Role.OPERATOR ? new Decision(Outcome.ALLOWED, "operator token")
                    : new Decision(Outcome.FORBIDDEN, "this endpoint needs the admin bearer token; the operator token may not call it");
        }
        return new Decision(Outcome.UNAUTHENTICATED, "unknown bearer token; this endpoint needs the " + name(needed) + " bearer token");
    }

    private static String name(Role needed) {
        return needed == Role.ADMIN ? "admin" : "operator or admin";
    }

    private static boolean matches(Optional<byte[]> token, byte[] presented) {
        return token.map(t -> MessageDigest.isEqual(t, presented)).orElse(false);
    }

    private static Optional<byte[]> bytes(Optional<String> token) {
        return token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }
}
