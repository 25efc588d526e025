package dev.posmon.ingest.config;

import dev.posmon.contract.event.EventHorizons;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** ingest-service settings; every one can be set as an environment variable, e.g. POSMON_INGEST_MAX_EVENTS. */
@ConfigMapping(prefix = "posmon.ingest")
public interface IngestConfig {

    /** Most events one POST /v1/events may carry; more is answered 413. The byte limit is quarkus.http.limits.max-body-size. */
    @WithDefault("1000")
    int maxEvents();

    /** How far ahead of the server clock an occurredAt may be (terminal clocks drift). */
    @WithDefault("PT5M")
    Duration maxFuture();

    /** How old an occurredAt may be; older events are rejected rather than counted in long-closed windows. */
    @WithDefault(EventHorizons.MAX_AGE)
    Duration maxAge();

    /**
     * How long analytics remembers eventIds ({@code posmon.analytics.dedup-retention}; keep the two equal). An event
     * older than this, less max-future, would not be recognised if it were sent again, so ingest refuses it even
     * within max-age rather than let a replay be counted twice.
     */
    @WithDefault(EventHorizons.DEDUP)
    Duration dedupHorizon();

    /** Sustained events per second a credential may post unless it was created with its own limit. */
    @WithDefault("20000")
    int defaultEventsPerSecond();

    /** Seconds of the sustained rate a credential may spend at once (the token bucket's depth). */
    @WithDefault("2")
    int burstSeconds();

    /** Longest wait for Kafka to acknowledge a batch before answering 503. */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /**
     * How long the Kafka producer waits to fill a batch ({@code linger.ms}). Events are keyed by terminal, so one posted
     * batch spreads over every partition of the event topics: a longer linger gathers more of the concurrent requests'
     * records into each partition's batch (fewer, larger compressed batches), at the cost of that much latency.
     */
    @WithDefault("PT0.005S")
    Duration linger();

    /** Kafka producer compression (none, lz4, zstd, gzip, snappy): lz4 saves network and disk for little CPU. */
    @WithDefault("lz4")
    String compression();

    /** Retry-After, in seconds, sent with a 503 when Kafka is unreachable. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * Directory of the registry's record file (the full records behind {@code GET /v1/terminals/{id}}, about 250
     * bytes a terminal, created at start and deleted at stop); the JVM's temporary directory when unset.
     */
    Optional<String> registryDir();
}
