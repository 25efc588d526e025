package dev.posmon.contract.desk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An operator or support credential the admin issued for one or more acquirers (an institution's own on-call or
 * support desk): its bearer token authenticates with {@link #role} in every posmon service and sees only data of
 * {@link #acquirers}. Carried on the compacted {@code posmon.credentials.v1}, keyed by id, so that every replica of
 * every service can rebuild it. The token itself is never stored: only its SHA-256, which is enough for a 256-bit
 * random token.
 *
 * @param role      {@code operator} or {@code support}
 * @param acquirers the acquirers whose data it may read; never empty
 * @param revokedAt set once the credential is revoked; a revoked token authenticates nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeskCredential(
        String id,
        String name,
        String role,
        List<String> acquirers,
        String keySha256,
        Instant createdAt,
        Instant revokedAt) {

    /** The roles a desk credential may carry (the values of {@code dev.posmon.security.Roles}). */
    public static final Set<String> ROLES = Set.of("operator", "support");

    public DeskCredential {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be operator or support, not " + role);
        }
        if (acquirers == null || acquirers.isEmpty()) {
            throw new IllegalArgumentException("a desk credential is bound to at least one acquirer");
        }
        acquirers = List.copyOf(acquirers);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public DeskCredential withRevokedAt(Instant at) {
        return new DeskCredential(id, name, role, acquirers, keySha256, createdAt, at);
    }
}
