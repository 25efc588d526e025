package dev.posmon.contract.classify;

/** Why a sign-on failed: exactly one per failed attempt (the cause table in analytics-service/README.md). */
public enum Cause {
    NETWORK,
    HOST_UNAVAILABLE,
    HOST_MAINTENANCE,
    HOST_ROUTING,
    KEY_MAC,
    TERMINAL_NOT_REGISTERED,
    MERCHANT_ACCOUNT,
    TERMINAL_STATE,
    SOFTWARE,
    HARDWARE,
    OPERATOR,
    /** Nothing matched: counted, never dropped. */
    UNKNOWN;

    /** Whether the cause lies on the acquirer host's side rather than the terminal's or the network's. */
    public boolean hostSide() {
        return this == HOST_UNAVAILABLE || this == HOST_MAINTENANCE || this == HOST_ROUTING;
    }
}
