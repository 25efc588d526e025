package dev.posmon.analytics.config;

import dev.posmon.contract.event.EventHorizons;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** analytics-service settings; every one can be set as an environment variable, e.g. POSMON_ANALYTICS_GRACE. */
@ConfigMapping(prefix = "posmon.analytics")
public interface AnalyticsConfig {

    /** Size of the leaf cube's event-time windows. */
    @WithDefault("PT1M")
    Duration window();

    /** How long after a window's end late attempts are still counted in it; the cell is emitted after that. */
    @WithDefault("PT30S")
    Duration grace();

    /**
     * The partition count of signon.attempts.v1, which the cube waits on to close a window; by default read from
     * Kafka at start (the contract's count if the topic cannot be described).
     */
    Optional<Integer> cubeSources();

    /**
     * An input partition that receives no attempt for this long (wall clock) lets its event time run on with the
     * wall clock, so that it does not hold the cube's windows back.
     */
    @WithDefault("PT1M")
    Duration cubeIdleAfter();

    /**
     * How often the cube's open cells that changed go out with their counts so far on signon.cube.running.v1 (wall
     * clock), for alerting to judge a window before it closes; PT0S sends none.
     */
    @WithDefault("PT10S")
    Duration cubeRunningEvery();

    /**
     * The language of the diagnosis' advice and place names when a request names none it supports (lang=,
     * Accept-Language): zh-CN or en.
     */
    @WithDefault("zh-CN")
    String defaultLanguage();

    /** A terminal attempting without success for longer than this is STUCK. */
    @WithDefault("PT30M")
    Duration stuckAfter();

    /** More than this many successful sign-ons within loop-window is a SIGNON_LOOP. */
    @WithDefault("5")
    int loopSignOns();

    /** The window in which repeated sign-ons count as a loop. */
    @WithDefault("PT10M")
    Duration loopWindow();

    /**
     * How long eventIds are remembered to drop duplicates, in event time: at least ingest's acceptance window (its
     * max-age and max-future; ingest's {@code posmon.ingest.dedup-horizon} must equal this), so that any event ingest
     * accepts is counted once however late it is sent again.
     */
    @WithDefault(EventHorizons.DEDUP)
    Duration dedupRetention();

    /**
     * Keep reading the per-terminal stores of the layout before {@code terminals} ({@code terminal-state},
     * {@code telemetry-latest}, {@code event-ids-seen}, restored from their changelogs): a terminal's first event after
     * the upgrade moves its state and latest telemetry into {@code terminals} (and deletes them there), and an attempt
     * from before the upgrade sent again is still found in the old dedup store. Needed until the old dedup horizon has
     * passed since the upgrade (2 days); costs nothing per event on an installation that never had them.
     */
    @WithDefault("true")
    boolean legacyStores();

    /** Where Kafka Streams keeps its local state (RocksDB); rebuilt from changelogs when lost. */
    @WithDefault("/tmp/posmon-analytics-state")
    String stateDir();

    /** The host other instances reach this one at, for forwarded interactive queries (with quarkus.http.port). */
    @WithDefault("127.0.0.1")
    String advertisedHost();

    /**
     * Validate every event against its JSON Schema, even those ingest marked (header {@code posmon.validated}) as
     * validated against the same contract. Off by default: ingest is the only writer of the event topics, and
     * checking each event twice was half of analytics' work per event. Events without the mark, or marked
     * against other schemas, are always validated.
     */
    @WithDefault("false")
    boolean revalidateEvents();

    /** A directory of response-code tables (*.json) that replace or add to the shipped ones. */
    Optional<String> codeTablesDir();

    /** At or below this signal (dBm) a mobile network counts as weak. */
    @WithDefault("-100")
    int weakSignalDbm();

    /** Telemetry echo round trips at or above this (ms) count as a poor network. */
    @WithDefault("1500")
    int slowEchoMs();

    /** Telemetry older than this before an attempt is not evidence for it. */
    @WithDefault("PT15M")
    Duration telemetryFreshness();
}
