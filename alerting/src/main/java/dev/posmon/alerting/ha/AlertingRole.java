package dev.posmon.alerting.ha;

import dev.posmon.alerting.pipeline.AlertingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This replica's role, as readiness, metrics and the scheduled jobs see it: active (holds the lock and judges) or
 * standby, and whether it reaches PostgreSQL. Set by the pipeline thread, read by everyone.
 */
@ApplicationScoped
public class AlertingRole {

    private final String instance;
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean databaseUp = new AtomicBoolean();
    private final Counter takeovers;

    public AlertingRole(AlertingConfig config, MeterRegistry registry) {
        this.instance = config.instanceId().filter(id -> !id.isBlank()).orElseGet(AlertingRole::hostName);
        Gauge.builder("posmon.alerting.active", active, a -> a.get() ? 1 : 0)
                .description("1 on the alerting replica that holds the lock and judges the cube, 0 on a standby")
                .register(registry);
        Gauge.builder("posmon.alerting.database.up", databaseUp, a -> a.get() ? 1 : 0)
                .description("1 while this alerting replica reaches PostgreSQL, 0 when it cannot")
                .register(registry);
        this.takeovers = Counter.builder("posmon.alerting.takeovers")
                .description("Times this replica became the active one")
                .register(registry);
    }

    public String instance() {
        return instance;
    }

    public boolean active() {
        return active.get();
    }

    public boolean databaseUp() {
        return databaseUp.get();
    }

    public void becameActive() {
        databaseUp.set(true);
        if (!active.getAndSet(true)) {
            takeovers.increment();
        }
    }

    /** Standby: another replica holds the lock, or this one gave it up; {@code reachable}: whether the database answered. */
    public void standby(boolean reachable) {
        active.set(false);
        databaseUp.set(reachable);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "alerting-" + ProcessHandle.current().pid();
        }
    }
}
