package dev.posmon.alerting.incident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The admin bearer token (POSMON_ADMIN_TOKEN) guards alerting's operator and admin endpoints. */
@ApplicationScoped
public class AdminAuth {

    private final Optional<byte[]> token;

    public AdminAuth(@ConfigProperty(name = "posmon.admin-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public void require(String authorization) {
        String prefix = "Bearer ";
        boolean ok = authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                && token.map(t -> MessageDigest.isEqual(t, authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        if (!ok) {
            throw new WebApplicationException(Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"posmon\"")
                    .type("application/problem+json")
                    .entity(Map.of("status", 401, "title", "Unauthorized", "detail", "this endpoint needs the admin bearer token")).build());
        }
    }
}
