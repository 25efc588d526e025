package dev.posmon.alerting.report;

import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the {@link ReportBuilder} reads: alerting's stored rollups, incidents, maintenance windows and terminal
 * health transitions. {@link ReportSource} answers from PostgreSQL; tests answer from lists.
 */
public interface ReportData {

    /** One row of {@code hourly_rollup}: one cube cell summed over one hour (UTC-aligned). */
    record Rollup(
            Instant hour,
            String province,
            String host,
            String carrier,
            String model,
            String firmware,
            long attempts,
            long successes,
            long failures,
            Map<String, Long> failuresByCause) {

        public Rollup {
            failuresByCause = Map.copyOf(failuresByCause);
        }
    }

    /** One row of {@code terminal_health_event}: a STUCK, SIGNON_LOOP or RECOVERED transition. */
    record HealthEvent(
            String terminalId,
            String merchantId,
            String state,
            Instant since,
            Instant at,
            String cause,
            String province,
            String host) {}

    /** The acquirer whose report this data is for; {@code null} for every acquirer's (the whole fleet's). */
    default String acquirer() {
        return null;
    }

    /** Streams the rollups of the hours {@code from <= hour < to}, in any order (a week can be many rows). */
    void rollups(Instant from, Instant to, Consumer<Rollup> sink);

    /** Incidents active at some time in {@code [from, to)}: onset before {@code to}, not resolved before {@code from}. */
    List<IncidentRecord> incidents(Instant from, Instant to);

    /** Every declared maintenance window, cancelled ones included. */
    List<MaintenanceWindow> maintenanceWindows();

    /**
     * Health transitions at {@code from <= at < to}, and for each terminal its latest transition before {@code from}
     * (so that a terminal already stuck when the week began counts from the start).
     */
    List<HealthEvent> health(Instant from, Instant to);
}
