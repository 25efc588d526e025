package dev.posmon.ingest.auth;

import dev.posmon.ingest.source.ApiKeys;
import dev.posmon.ingest.source.SourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Turns an {@code Authorization: Bearer …} header into a {@link Caller}, or an {@link ApiProblem} 401/403. */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> adminToken;
    private final SourceStore sources;

    public Authenticator(@ConfigProperty(name = "posmon.admin-token") Optional<String> adminToken, SourceStore sources) {
        this.adminToken = adminToken.filter(token -> !token.isBlank()).map(token -> token.getBytes(StandardCharsets.UTF_8));
        this.sources = sources;
        if (this.adminToken.isEmpty()) {
            LOG.warn("POSMON_ADMIN_TOKEN is not set: admin endpoints refuse every request");
        }
    }

    /** Any valid caller: the admin or a live ingest credential. */
    public Caller authenticate(String authorization) {
        String token = bearer(authorization);
        if (isAdmin(token)) {
            return Caller.ADMIN;
        }
        return sources.byKeyHash(ApiKeys.sha256(token))
                .map(source -> {
                    if (source.revoked()) {
                        throw new ApiProblem(Response.Status.UNAUTHORIZED, "credential " + source.id() + " was revoked");
                    }
                    return new Caller(source);
                })
                .orElseThrow(() -> new ApiProblem(Response.Status.UNAUTHORIZED, "unknown bearer token"));
    }

    /** Only the admin: 401 without a valid token, 403 for a valid ingest credential. */
    public Caller requireAdmin(String authorization) {
        Caller caller = authenticate(authorization);
        if (!caller.admin()) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "this endpoint needs the admin token");
        }
        return caller;
    }

    private boolean isAdmin(String token) {
        return adminToken.map(admin -> MessageDigest.isEqual(admin, token.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiProblem(Response.Status.UNAUTHORIZED, "missing header " + HttpHeaders.AUTHORIZATION + ": Bearer <api key>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()) || authorization.length() == BEARER.length()) {
            throw new ApiProblem(Response.Status.UNAUTHORIZED, HttpHeaders.AUTHORIZATION + " must be 'Bearer <api key>'");
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
