package dev.posmon.alerting.ha;

import dev.posmon.security.DeskCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this replica reaches PostgreSQL, active or standby alike (a standby is ready to take over, and a rolling
 * update waits for it); the data says which. Not ready without the database: nothing it could judge would be recorded,
 * nor before it has read the desk credentials (a bound operator's token would be unknown).
 */
@Readiness
@ApplicationScoped
public class RoleReadiness implements HealthCheck {

    private final AlertingRole role;
    private final DeskCredentials desk;

    public RoleReadiness(AlertingRole role, DeskCredentials desk) {
        this.role = role;
        this.desk = desk;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alerting-role")
                .status(role.databaseUp() && desk.caughtUp())
                .withData("role", role.active() ? "active" : "standby")
                .withData("instance", role.instance())
                .withData("database", role.databaseUp() ? "reachable" : "unreachable")
                .withData("deskCredentials", desk.caughtUp() ? "read" : "reading")
                .build();
    }
}
