package dev.posmon.security;

/**
 * The roles a posmon credential carries; every endpoint names the ones it admits in {@code @RolesAllowed}.
 * A credential has exactly the roles listed for it: the admin token is not also an operator, so an endpoint
 * lists every role it admits and its OpenAPI operation shows them all.
 */
public final class Roles {

    /** The admin token (POSMON_ADMIN_TOKEN): issues credentials, declares maintenance, reads and changes everything. */
    public static final String ADMIN = "admin";
    /**
     * The operator token (POSMON_OPERATOR_TOKEN, every acquirer) or a desk credential bound to acquirers
     * ({@link DeskCredentials}): on-call's reads, acknowledgements and resolutions.
     */
    public static final String OPERATOR = "operator";
    /**
     * The support token (POSMON_SUPPORT_TOKEN, every acquirer) or a desk credential bound to acquirers: the support
     * desk reads diagnoses and incidents, to answer "why can't terminal X sign on?" and to tell the merchants an
     * incident hit; it acknowledges, resolves and changes nothing.
     */
    public static final String SUPPORT = "support";
    /** An ingest API key: posts events for, and registers, the terminals of its one acquirer. */
    public static final String SOURCE = "source";
    /** Another instance of a posmon service calling this one (POSMON_PEER_TOKEN), e.g. a forwarded diagnosis. */
    public static final String PEER = "peer";

    private Roles() {}
}
