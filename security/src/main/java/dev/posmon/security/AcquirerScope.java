package dev.posmon.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which acquirers' data a caller may see. A credential bound to acquirers (an operator or support credential the admin
 * issued for one or more institutions) carries them in the identity attribute {@link #ATTRIBUTE}; every other
 * credential (the admin token, the configured operator and support tokens, a peer) sees every acquirer. Endpoints that
 * read tenant data filter lists by {@link #overlaps} / {@link #permits} and refuse a single item of another tenant with
 * {@link #check} (403). Plain class.
 *
 * @param acquirers the acquirers permitted, in order; {@code null} for every acquirer
 */
public record AcquirerScope(Set<String> acquirers) {

    /** The identity attribute of a bound credential: a {@code Set<String>} of acquirer ids. */
    public static final String ATTRIBUTE = "posmon.acquirers";

    /** Every acquirer. */
    public static final AcquirerScope ALL = new AcquirerScope(null);

    public AcquirerScope {
        acquirers = acquirers == null ? null : Set.copyOf(new TreeSet<>(acquirers));
    }

    public static AcquirerScope of(Collection<String> acquirers) {
        return new AcquirerScope(Set.copyOf(acquirers));
    }

    /** The scope of a caller: its credential's acquirers, or every acquirer when it is not bound. */
    @SuppressWarnings("unchecked")
    public static AcquirerScope of(SecurityIdentity identity) {
        Object bound = identity == null ? null : identity.getAttribute(ATTRIBUTE);
        return bound instanceof Collection<?> values ? of((Collection<String>) values) : ALL;
    }

    /** Whether the caller sees every acquirer. */
    public boolean all() {
        return acquirers == null;
    }

    /** Whether the caller may see data of {@code acquirer}; data of no known acquirer only with {@link #all}. */
    public boolean permits(String acquirer) {
        return acquirers == null || (acquirer != null && acquirers.contains(acquirer));
    }

    /** Whether the caller may see data that concerns any of {@code concerned} (an incident that hit several). */
    public boolean overlaps(Collection<String> concerned) {
        if (acquirers == null) {
            return true;
        }
        for (String acquirer : concerned) {
            if (acquirers.contains(acquirer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller may see the data of every one of {@code concerned}: it may act on what concerns them all. */
    public boolean covers(Collection<String> concerned) {
        return acquirers == null || acquirers.containsAll(concerned);
    }

    /**
     * Refuses (403) a change of something that concerns acquirers besides the caller's (an incident that hit several
     * tenants): acting on it would act for a tenant the caller does not speak for.
     *
     * @throws ForbiddenException when the caller's acquirers do not cover {@code concerned}
     */
    public void checkCovers(Collection<String> concerned) {
        if (!covers(concerned)) {
            throw new Refused("this credential is bound to acquirers " + String.join(", ", new TreeSet<>(acquirers))
                    + " and may not change what also concerns other acquirers; the platform's operator can");
        }
    }

    /**
     * Refuses (403) data of an acquirer the caller may not see. The problem names neither the data nor its acquirer,
     * so a refusal does not tell one tenant what another has.
     *
     * @throws ForbiddenException when the caller may not see it
     */
    public void check(boolean permitted) {
        if (!permitted) {
            throw new Refused("this credential is bound to acquirers " + String.join(", ", new TreeSet<>(acquirers))
                    + " and may not read data of another acquirer");
        }
    }

    /** A refusal of another tenant's data: 403 with its own detail ({@link SecurityProblems}). */
    public static final class Refused extends ForbiddenException {
        public Refused(String message) {
            super(message);
        }
    }
}
