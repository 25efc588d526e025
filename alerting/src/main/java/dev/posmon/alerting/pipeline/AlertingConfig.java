package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.detect.DetectorSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** How alerting reads the cube and judges it, and who may call its operator endpoints. */
@ConfigMapping(prefix = "posmon.alerting")
public interface AlertingConfig {

    /**
     * Kafka consumer group of the cube and health consumer. Positions live in PostgreSQL; the group's committed offsets
     * are read only for a partition that has no stored position yet (an upgrade, or a test that starts at the end),
     * and are kept current for lag monitoring.
     */
    @WithDefault("posmon-alerting")
    String groupId();

    /** Wait after a window's last cell before judging it (analytics' cube tasks emit a window's cells seconds apart). */
    @WithDefault("PT10S")
    Duration windowSettle();

    /**
     * The language of the incidents' recommended actions, in the API, on incidents.v1 and in the pages: zh-CN or en.
     */
    @WithDefault("zh-CN")
    String language();

    /** The zone whose hour of day the detector's daily seasonality follows (the fleet's local time; IANA id). */
    @WithDefault("Asia/Shanghai")
    ZoneId seasonZone();

    /** How often declared maintenance windows that Kafka did not take are sent to host.maintenance.v1 again. */
    @WithDefault("PT15S")
    Duration maintenanceRepublishInterval();

    /**
     * This replica's name in logs, readiness and {@code judged_window.judged_by} (POSMON_ALERTING_INSTANCE_ID); unset:
     * the host name.
     */
    Optional<String> instanceId();

    /** How often a standby replica tries to take the lock (and a replica without its database tries to reconnect). */
    @WithDefault("PT2S")
    Duration standbyRetry();

    /** Longest a statement of the pipeline may wait for PostgreSQL before the connection, and the lock, count as lost. */
    @WithDefault("PT30S")
    Duration databaseTimeout();

    /**
     * Judged windows between two snapshots of the detector's learned state; a restarted or standby replica restores the
     * snapshot and replays at most this many windows on top.
     */
    @WithDefault("60")
    int snapshotEvery();

    /**
     * How often a window still open is judged from its running cells ({@code signon.cube.running.v1}), so that a severe
     * outage opens its incident, and pages, before the window closes (POSMON_ALERTING_EARLY_EVERY); PT0S judges windows
     * only once they close.
     */
    @WithDefault("PT5S")
    Duration earlyEvery();

    /** When a series' window is an anomaly. */
    Detector detector();

    interface Detector {

        /**
         * Binomial upper-tail probability below which an excess is significant (every series is tested every minute:
         * keep it small).
         */
        @WithDefault("1e-6")
        double significance();

        /** Fewer attempts in a window: not enough volume to judge (LOW_VOLUME). */
        @WithDefault("30")
        long minAttempts();

        /**
         * Fewer failures in a window: never an anomaly, whatever the ratio (a small province must not page on three
         * failures).
         */
        @WithDefault("8")
        long minFailures();
    }

    /** The detector's settings: these three from configuration, the rest {@link DetectorSettings#DEFAULTS}. */
    default DetectorSettings detectorSettings() {
        return DetectorSettings.DEFAULTS.withSignificanceAndVolume(
                detector().significance(), detector().minAttempts(), detector().minFailures());
    }
}
