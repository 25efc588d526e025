package dev.posmon.security;

import dev.posmon.contract.desk.DeskCredential;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Desk credentials by the SHA-256 of their token, and what a presented token is: a credential named by its id, with
 * its one role and its acquirers as the identity attribute {@link AcquirerScope#ATTRIBUTE}, so that every endpoint
 * that reads tenant data narrows it by {@link AcquirerScope}. A revoked credential is refused with its id. Plain
 * class, safe for one writer (the topic's reader) and many readers (requests).
 */
public final class DeskCredentialIndex {

    private final Map<String, DeskCredential> byKeyHash = new ConcurrentHashMap<>();

    /** Applies a change of the credentials topic: (previous, current) for one id, either may be null. */
    public void apply(DeskCredential previous, DeskCredential current) {
        if (previous != null && (current == null || !previous.keySha256().equals(current.keySha256()))) {
            byKeyHash.remove(previous.keySha256());
        }
        if (current != null) {
            byKeyHash.put(current.keySha256(), current);
        }
    }

    /**
     * The credential a token is, empty if no desk credential has that token.
     *
     * @throws TokenResolver.CredentialRefused if its credential was revoked
     */
    public Optional<Credential> resolve(String token) {
        DeskCredential found = byKeyHash.get(IssuedTokens.sha256(token));
        if (found == null) {
            return Optional.empty();
        }
        if (found.revoked()) {
            throw new TokenResolver.CredentialRefused("credential " + found.id() + " was revoked");
        }
        return Optional.of(new Credential(
                found.id(), Set.of(found.role()), Map.of(AcquirerScope.ATTRIBUTE, Set.copyOf(found.acquirers()))));
    }

    public int size() {
        return byKeyHash.size();
    }
}
