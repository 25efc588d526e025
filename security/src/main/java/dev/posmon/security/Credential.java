package dev.posmon.security;

import java.util.Map;
import java.util.Set;

/**
 * What a bearer token was found to be: a name for logs and problems, its roles, and attributes a service needs
 * beyond the roles (ingest puts the {@code IngestSource} of an API key there, under its own key; a desk credential its
 * acquirers, under {@link AcquirerScope#ATTRIBUTE}).
 */
public record Credential(String name, Set<String> roles, Map<String, Object> attributes) {

    public Credential {
        roles = Set.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    public static Credential of(String name, String role) {
        return new Credential(name, Set.of(role), Map.of());
    }
}
