package dev.posmon.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal of every posmon service in one {@code application/problem+json} shape ({@code status}, {@code title},
 * {@code detail}; built by {@link ApiProblem}, which answers every other error): 401 with
 * {@code WWW-Authenticate: Bearer realm="posmon"} when there is no credential or an unknown or revoked one, 403 when
 * the credential is known but lacks the roles the operation admits (named in the detail). Needs
 * {@code quarkus.http.auth.proactive=false}, so that authentication fails inside the REST layer where these mappers
 * answer.
 */
public class SecurityProblems {

    private final CurrentIdentityAssociation identity;

    public SecurityProblems(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, ResourceInfo resource) {
        return unauthorized("this operation needs Authorization: Bearer <token> of role " + admitted(resource));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized(
                e.getMessage() == null || e.getMessage().isBlank() ? "unknown bearer token" : e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        String who = identity.getIdentity().getPrincipal() == null
                ? "this credential"
                : identity.getIdentity().getPrincipal().getName();
        return problem(
                403, "Forbidden", who + " may not call this operation: it needs role " + admitted(resource), null);
    }

    @ServerExceptionMapper
    public Response otherTenant(AcquirerScope.Refused e) {
        return problem(403, "Forbidden", e.getMessage(), null);
    }

    /** A 401 problem with the bearer challenge. */
    public static Response unauthorized(String detail) {
        return problem(401, "Unauthorized", detail, BearerAuthenticationMechanism.CHALLENGE);
    }

    private static Response problem(int status, String title, String detail, String challenge) {
        Response.ResponseBuilder response = Response.status(status);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return ApiProblem.response(response, status, title, detail, Map.of());
    }

    /** The roles the matched operation admits, as "admin or operator". */
    private static String admitted(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return "admin";
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? "admin" : String.join(" or ", new TreeSet<>(Arrays.asList(allowed.value())));
    }
}
