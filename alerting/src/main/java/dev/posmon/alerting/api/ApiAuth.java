package dev.posmon.alerting.api;

import dev.posmon.alerting.api.Access.Decision;
import dev.posmon.alerting.api.Access.Role;
import dev.posmon.alerting.pipeline.AlertingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer tokens of alerting's API ({@link Access}): a request without the role an endpoint needs is answered
 * 401 (no or unknown token) or 403 (the operator token on an admin endpoint), as a problem.
 */
@ApplicationScoped
public class ApiAuth {

    /** The OpenAPI security schemes the endpoints name. */
    public static final String ADMIN_SCHEME = "admin";
    public static final String OPERATOR_SCHEME = "operator";

    private final Access access;

    public ApiAuth(@ConfigProperty(name = "posmon.admin-token") Optional<String> adminToken, AlertingConfig config) {
        this.access = new Access(adminToken, config.operatorToken());
    }

    /** Reading incidents, maintenance windows and reports; acknowledging and resolving incidents. */
    public void requireOperator(String authorization) {
        require(authorization, Role.OPERATOR);
    }

    /** Changing what alerting knows: declaring and cancelling maintenance windows. */
    public void requireAdmin(String authorization) {
        require(authorization, Role.ADMIN);
    }

    private void require(String authorization, Role role) {
        Decision decision = access.check(authorization, role);
        switch (decision.outcome()) {
            case ALLOWED -> {
            }
            case UNAUTHENTICATED -> throw Problems.exception(Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"posmon\""),
                    401, "Unauthorized", decision.reason(), null);
            case FORBIDDEN -> throw Problems.exception(Response.status(403), 403, "Forbidden", decision.reason(), null);
        }
    }
}
