package dev.posmon.alerting.ha;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this replica reaches PostgreSQL, active or standby alike (a standby is ready to take over, and a rolling
 * update waits for it); the data says which. Not ready without the database: nothing it could judge would be recorded.
 */
@Readiness
@ApplicationScoped
public class RoleReadiness implements HealthCheck {

    private final AlertingRole role;

    public RoleReadiness(AlertingRole role) {
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alerting-role")
                .status(role.databaseUp())
                .withData("role", role.active() ? "active" : "standby")
                .withData("instance", role.instance())
                .withData("database", role.databaseUp() ? "reachable" : "unreachable")
                .build();
    }
}
