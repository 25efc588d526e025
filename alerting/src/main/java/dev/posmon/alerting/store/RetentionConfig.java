package dev.posmon.alerting.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long alerting's PostgreSQL tables keep their rows ({@link Retention}), and how often they are pruned. */
@ConfigMapping(prefix = "posmon.retention")
public interface RetentionConfig {

    /** How often the active replica prunes; "off" in {@code posmon.retention.enabled=false}. */
    @WithDefault("PT1H")
    Duration every();

    @WithDefault("true")
    boolean enabled();

    /** Resolved incidents, counted from their resolution. */
    @WithDefault("P400D")
    Duration incidents();

    /** Notifications delivered or superseded, counted from then. */
    @WithDefault("P30D")
    Duration notifications();

    /** Maintenance windows cancelled, or one-off windows ended; a recurring window stays until it is cancelled. */
    @WithDefault("P400D")
    Duration maintenanceWindows();

    /** Hourly rollups, the weekly report's counts. */
    @WithDefault("P400D")
    Duration rollups();

    /** Terminal health transitions (each terminal's latest one always stays). */
    @WithDefault("P400D")
    Duration healthEvents();

    /** Stored weekly reports, counted from their generation. */
    @WithDefault("P730D")
    Duration reports();

    /**
     * Judged windows (the record that a window was judged, so that its later cells count as late), in window time:
     * longer than {@code signon.cube.v1} keeps cells (35 days), so no cell that can still be read finds its window
     * forgotten and judged a second time. The windows the detector's last snapshot has not absorbed always stay.
     */
    @WithDefault("P40D")
    Duration judgedWindows();

    default Retention.Horizons horizons() {
        return new Retention.Horizons(
                incidents(),
                notifications(),
                maintenanceWindows(),
                rollups(),
                healthEvents(),
                reports(),
                judgedWindows());
    }
}
