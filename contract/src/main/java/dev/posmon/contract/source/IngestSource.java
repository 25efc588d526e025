package dev.posmon.contract.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An ingest credential: a caller (a terminal, or an acquirer gateway speaking for many) allowed to post
 * events for the terminals registered under {@link #acquirer}. Carried on the compacted
 * {@code ingest.sources.v1}, keyed by id, so that every ingest replica can rebuild it. The API key itself
 * is never stored: only its SHA-256, which is enough for a 256-bit random key.
 *
 * @param eventsPerSecond this credential's sustained rate limit; null means the service default
 * @param revokedAt       set once the credential is revoked; a revoked key authenticates nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestSource(
        String id,
        String name,
        String acquirer,
        String keySha256,
        Instant createdAt,
        Integer eventsPerSecond,
        Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public IngestSource revoke(Instant at) {
        return new IngestSource(id, name, acquirer, keySha256, createdAt, eventsPerSecond, at);
    }
}
