package dev.posmon.ingest.auth;

import dev.posmon.contract.source.IngestSource;

/** Who made a request: the admin, or an ingest credential that speaks for one acquirer's terminals. */
public record Caller(IngestSource source) {

    public static final Caller ADMIN = new Caller(null);

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
