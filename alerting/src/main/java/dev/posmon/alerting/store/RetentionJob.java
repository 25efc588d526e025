package dev.posmon.alerting.store;

import dev.posmon.alerting.ha.AlertingRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs {@link Retention} on the active replica every {@code posmon.retention.every}: a standby would only contend for
 * the same rows. A database that does not answer is tried again at the next run. Counts what it deleted in
 * {@code posmon_alerting_retention_deleted_total{table}}.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final RetentionConfig config;
    private final AlertingRole role;
    private final Clock clock;
    private final Retention retention;
    private final Map<String, Counter> deleted;

    public RetentionJob(
            RetentionConfig config, AlertingRole role, Clock clock, DataSource dataSource, MeterRegistry registry) {
        this.config = config;
        this.role = role;
        this.clock = clock;
        this.retention = new Retention(dataSource::getConnection);
        this.deleted = Retention.tables().stream()
                .collect(Collectors.toMap(
                        table -> table,
                        table -> Counter.builder("posmon.alerting.retention.deleted")
                                .tag("table", table)
                                .description(
                                        "Rows deleted from alerting's tables past their retention horizon (posmon.retention.*)")
                                .register(registry)));
    }

    @Scheduled(
            identity = "retention",
            every = "${posmon.retention.every:PT1H}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!config.enabled() || !role.active()) {
            return;
        }
        try {
            Map<String, Long> counts = retention.purge(clock.instant(), config.horizons());
            counts.forEach((table, rows) -> deleted.get(table).increment(rows));
            if (counts.values().stream().anyMatch(rows -> rows > 0)) {
                LOG.infof("retention: deleted %s (horizons %s)", counts, config.horizons());
            }
        } catch (SQLException e) {
            LOG.warnf("retention: PostgreSQL did not answer (%s); trying again in %s", e.getMessage(), config.every());
        }
    }
}
