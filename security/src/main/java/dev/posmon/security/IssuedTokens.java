package dev.posmon.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens the admin issues (ingest's API keys, desk credentials): 256 random bits behind a prefix that says what the
 * token is, shown once, stored only as SHA-256. A slow password hash would add nothing for a token of that entropy
 * and would cost every request. Plain class.
 */
public final class IssuedTokens {

    /** An ingest API key (role {@link Roles#SOURCE}). */
    public static final String SOURCE_PREFIX = "pmk_";
    /** A desk credential: an operator or support token bound to acquirers. */
    public static final String DESK_PREFIX = "pmd_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private IssuedTokens() {}

    /** A new token: {@code prefix} and 256 random bits, base64url without padding. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token: its SHA-256 in lower-case hex. */
    public static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
