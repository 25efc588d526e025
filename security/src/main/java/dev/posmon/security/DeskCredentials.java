package dev.posmon.security;

import dev.posmon.contract.desk.DeskCredential;
import dev.posmon.contract.kafka.CompactedTopicView;
import dev.posmon.contract.topic.Topics;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator and support credentials bound to acquirers, as credentials of every posmon service: it follows the
 * compacted {@code posmon.credentials.v1} (ingest's {@code /v1/credentials} writes it) from the beginning with the
 * service's own {@code kafka.*} connection, so that a credential issued or revoked at one ingest replica is known to
 * every replica of every service within moments, without a database or a call between services. Started with the
 * service ({@code @Startup}) so that it has read the topic by the time the first request comes; until then a desk
 * token is unknown (401), and {@link #caughtUp()} lets a service hold its readiness back.
 */
@Startup
@ApplicationScoped
public class DeskCredentials implements TokenResolver {

    private final DeskCredentialIndex index = new DeskCredentialIndex();
    private final CompactedTopicView<DeskCredential> view;

    public DeskCredentials(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.view = new CompactedTopicView<>(Topics.DESK_CREDENTIALS, kafkaConfig, index::apply).start();
    }

    @Override
    public Optional<Credential> resolve(String token) {
        return index.resolve(token);
    }

    public Optional<DeskCredential> byId(String id) {
        return view.get(id);
    }

    public List<DeskCredential> all() {
        return view.values();
    }

    /** True once every credential that was in the topic when the service started has been read. */
    public boolean caughtUp() {
        return view.caughtUp();
    }

    /**
     * Applies a credential this replica has just written and Kafka acknowledged, so that it authenticates here (or is
     * refused, once revoked) at once rather than when the reader comes by it.
     */
    public void applyLocal(DeskCredential credential) {
        view.applyLocal(credential.id(), credential);
    }

    @PreDestroy
    void close() {
        view.close();
    }
}
