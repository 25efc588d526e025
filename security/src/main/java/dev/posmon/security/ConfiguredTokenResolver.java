package dev.posmon.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@link ConfiguredTokens} from the service's configuration, next to any resolver the service adds (their tokens never
 * collide: ingest's keys are random).
 */
@ApplicationScoped
public class ConfiguredTokenResolver implements TokenResolver {

    private static final Logger LOG = Logger.getLogger(ConfiguredTokenResolver.class);

    private final ConfiguredTokens tokens;

    public ConfiguredTokenResolver(
            @ConfigProperty(name = "posmon.admin-token") Optional<String> adminToken,
            @ConfigProperty(name = "posmon.operator-token") Optional<String> operatorToken,
            @ConfigProperty(name = "posmon.support-token") Optional<String> supportToken,
            @ConfigProperty(name = "posmon.peer-token") Optional<String> peerToken) {
        this.tokens = new ConfiguredTokens(adminToken, operatorToken, supportToken, peerToken);
        if (!tokens.hasAdmin()) {
            LOG.warn("POSMON_ADMIN_TOKEN is not set: admin endpoints refuse every request");
        }
    }

    @Override
    public Optional<Credential> resolve(String token) {
        return tokens.resolve(token);
    }

    /** The token this instance presents when it calls another instance (role {@link Roles#PEER}). */
    public Optional<String> peerToken() {
        return tokens.peerToken();
    }
}
