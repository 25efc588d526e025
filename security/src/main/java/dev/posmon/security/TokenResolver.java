package dev.posmon.security;

import java.util.Optional;

/**
 * One source of credentials. {@link BearerIdentityProvider} asks every resolver bean of the service in turn;
 * the first that knows the token decides. A service adds its own (ingest: its API keys) next to
 * {@link ConfiguredTokenResolver}'s admin, operator and peer tokens.
 */
public interface TokenResolver {

    /**
     * The credential this token is, empty if this resolver does not know it.
     *
     * @throws CredentialRefused if it knows the token and refuses it (a revoked key), with the reason the caller reads
     */
    Optional<Credential> resolve(String token);

    /** A known token that may no longer be used; its message is the 401's detail. */
    final class CredentialRefused extends RuntimeException {

        public CredentialRefused(String reason) {
            super(reason, null, false, false);
        }
    }
}
