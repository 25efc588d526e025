package dev.posmon.ingest.health;

import dev.posmon.ingest.registry.RegistryView;
import dev.posmon.ingest.source.SourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the registry and the credentials have been read to the end: before that, valid events
 * would be rejected as unregistered and valid keys refused.
 */
@Readiness
@ApplicationScoped
public class ViewsReadiness implements HealthCheck {

    private final RegistryView registry;
    private final SourceStore sources;

    public ViewsReadiness(RegistryView registry, SourceStore sources) {
        this.registry = registry;
        this.sources = sources;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("posmon-views")
                .status(registry.caughtUp() && sources.caughtUp())
                .withData("registryCaughtUp", registry.caughtUp())
                .withData("terminals", registry.size())
                .withData("credentialsCaughtUp", sources.caughtUp())
                .build();
    }
}
