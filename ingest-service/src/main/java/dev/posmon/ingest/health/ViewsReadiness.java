package dev.posmon.ingest.health;

import dev.posmon.ingest.registry.RegistryView;
import dev.posmon.ingest.source.SourceStore;
import dev.posmon.security.DeskCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the registry, the API keys and the desk credentials have been read to the end: before that, valid
 * events would be rejected as unregistered and valid keys and desk tokens refused.
 */
@Readiness
@ApplicationScoped
public class ViewsReadiness implements HealthCheck {

    private final RegistryView registry;
    private final SourceStore sources;
    private final DeskCredentials desks;

    public ViewsReadiness(RegistryView registry, SourceStore sources, DeskCredentials desks) {
        this.registry = registry;
        this.sources = sources;
        this.desks = desks;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("posmon-views")
                .status(registry.caughtUp() && sources.caughtUp() && desks.caughtUp())
                .withData("registryCaughtUp", registry.caughtUp())
                .withData("terminals", registry.size())
                .withData("credentialsCaughtUp", sources.caughtUp())
                .withData("deskCredentialsCaughtUp", desks.caughtUp())
                .build();
    }
}
