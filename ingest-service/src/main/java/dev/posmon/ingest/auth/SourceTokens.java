package dev.posmon.ingest.auth;

import dev.posmon.contract.source.IngestSource;
import dev.posmon.ingest.source.SourceStore;
import dev.posmon.security.Credential;
import dev.posmon.security.IssuedTokens;
import dev.posmon.security.Roles;
import dev.posmon.security.TokenResolver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ingest's API keys as credentials of role {@link Roles#SOURCE}: looked up by their SHA-256 in the source table, the
 * {@link IngestSource} attached to the identity (its acquirer decides which terminals it speaks for). A revoked key is
 * refused with its credential's id.
 */
@ApplicationScoped
public class SourceTokens implements TokenResolver {

    /** The identity attribute that carries the key's {@link IngestSource}. */
    static final String SOURCE = "posmon.ingest.source";

    private final SourceStore sources;

    public SourceTokens(SourceStore sources) {
        this.sources = sources;
    }

    @Override
    public Optional<Credential> resolve(String token) {
        return sources.byKeyHash(IssuedTokens.sha256(token)).map(source -> {
            if (source.revoked()) {
                throw new CredentialRefused("credential " + source.id() + " was revoked");
            }
            return new Credential(source.id(), Set.of(Roles.SOURCE), Map.of(SOURCE, source));
        });
    }
}
