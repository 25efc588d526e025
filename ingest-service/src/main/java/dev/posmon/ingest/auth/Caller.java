package dev.posmon.ingest.auth;

import dev.posmon.contract.source.IngestSource;
import dev.posmon.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/** Who made a request: the admin, or an ingest credential that speaks for one acquirer's terminals. */
public record Caller(IngestSource source) {

    public static final Caller ADMIN = new Caller(null);

    /** The caller of an authenticated request ({@link SourceTokens} attached the key's source to its identity). */
    public static Caller of(SecurityIdentity identity) {
        if (identity.hasRole(Roles.ADMIN)) {
            return ADMIN;
        }
        IngestSource source = identity.getAttribute(SourceTokens.SOURCE);
        if (source == null) {
            throw new IllegalStateException(
                    identity.getPrincipal().getName() + " is neither the admin nor an ingest credential");
        }
        return new Caller(source);
    }

    public boolean admin() {
        return source == null;
    }

    /** Whether this caller may post events for, or register, a terminal of that acquirer. */
    public boolean speaksFor(String acquirer) {
        return admin() || source.acquirer().equals(acquirer);
    }

    public String name() {
        return admin() ? "admin" : source.id();
    }
}
