package dev.posmon.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens a service is configured with: admin, operator and support (both optional) and peer. Blank tokens count as
 * unset; with no admin token nothing is admin. The peer token, when not configured, is derived from the admin token
 * (HMAC-SHA256 of a fixed label): every instance that shares the admin token agrees on it without another secret, and
 * the peer token does not reveal the admin token nor carry its role. Plain class; tokens compare in constant time.
 */
public final class ConfiguredTokens {

    static final String PEER_LABEL = "posmon peer credential v1";

    private final Optional<byte[]> admin;
    private final Optional<byte[]> operator;
    private final Optional<byte[]> support;
    private final Optional<byte[]> peer;

    public ConfiguredTokens(
            Optional<String> adminToken,
            Optional<String> operatorToken,
            Optional<String> supportToken,
            Optional<String> peerToken) {
        Optional<String> adminSet = adminToken.filter(t -> !t.isBlank());
        this.admin = adminSet.map(ConfiguredTokens::bytes);
        this.operator = operatorToken.filter(t -> !t.isBlank()).map(ConfiguredTokens::bytes);
        this.support = supportToken.filter(t -> !t.isBlank()).map(ConfiguredTokens::bytes);
        this.peer = peerToken
                .filter(t -> !t.isBlank())
                .or(() -> adminSet.map(ConfiguredTokens::derivedPeerToken))
                .map(ConfiguredTokens::bytes);
    }

    public Optional<Credential> resolve(String token) {
        byte[] presented = bytes(token);
        if (matches(admin, presented)) {
            return Optional.of(Credential.of("admin", Roles.ADMIN));
        }
        if (matches(operator, presented)) {
            return Optional.of(Credential.of("operator", Roles.OPERATOR));
        }
        if (matches(support, presented)) {
            return Optional.of(Credential.of("support", Roles.SUPPORT));
        }
        if (matches(peer, presented)) {
            return Optional.of(Credential.of("peer", Roles.PEER));
        }
        return Optional.empty();
    }

    /** The token this instance presents to its peers. */
    public Optional<String> peerToken() {
        return peer.map(p -> new String(p, StandardCharsets.UTF_8));
    }

    public boolean hasAdmin() {
        return admin.isPresent();
    }

    static String derivedPeerToken(String adminToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(adminToken), "HmacSHA256"));
            return "pmp_" + HexFormat.of().formatHex(mac.doFinal(bytes(PEER_LABEL)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean matches(Optional<byte[]> token, byte[] presented) {
        return token.map(t -> MessageDigest.isEqual(t, presented)).orElse(false);
    }

    private static byte[] bytes(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
