package dev.posmon.security;

import io.quarkus.security.AuthenticationFailedException;

/** The token of an {@code Authorization} header value, or the reason it has none. */
final class BearerToken {

    private static final String PREFIX = BearerAuthenticationMechanism.SCHEME + " ";

    private BearerToken() {}

    static String of(String authorization) {
        if (!authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || authorization.substring(PREFIX.length()).isBlank()) {
            throw new AuthenticationFailedException("Authorization must be 'Bearer <token>'");
        }
        return authorization.substring(PREFIX.length()).trim();
    }
}
