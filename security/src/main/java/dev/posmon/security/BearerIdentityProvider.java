package dev.posmon.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * A bearer token to a {@link SecurityIdentity}: the first {@link TokenResolver} that knows it gives the principal's
 * name, its roles and its attributes. The resolvers are in-memory lookups (configured tokens, the desk credentials and
 * ingest's key table by hash), so this runs on the I/O thread without blocking.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final Instance<TokenResolver> resolvers;

    public BearerIdentityProvider(Instance<TokenResolver> resolvers) {
        this.resolvers = resolvers;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        try {
            return Uni.createFrom().item(identity(request));
        } catch (TokenResolver.CredentialRefused refused) {
            return Uni.createFrom().failure(new AuthenticationFailedException(refused.getMessage()));
        }
    }

    private SecurityIdentity identity(TokenAuthenticationRequest request) {
        String token = request.getToken().getToken();
        for (TokenResolver resolver : resolvers) {
            Optional<Credential> found = resolver.resolve(token);
            if (found.isPresent()) {
                Credential credential = found.get();
                QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(credential.name()))
                        .addRoles(credential.roles())
                        .addCredential(request.getToken());
                credential.attributes().forEach(identity::addAttribute);
                return identity.build();
            }
        }
        throw new TokenResolver.CredentialRefused("unknown bearer token");
    }
}
