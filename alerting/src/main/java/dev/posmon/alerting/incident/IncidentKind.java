package dev.posmon.alerting.incident;

/** What an incident is (alerting/README.md, "Correlator"); whether it pages on-call. */
public enum IncidentKind {
    /**
     * Host-side failures outside every declared window without maintenance answers; a total stop too (see
     * alerting/README.md).
     */
    HOST_OUTAGE(true),
    /**
     * Host maintenance nobody announced: the failures' dominant cause is HOST_MAINTENANCE (cut-over code 90, the
     * host's maintenance answers) outside every declared window. Paged.
     */
    HOST_MAINTENANCE(true),
    /** Failures inside a declared window: recorded and shown, not paged. */
    PLANNED_MAINTENANCE(false),
    NETWORK_OUTAGE(true),
    KEY_SYNC(true),
    SOFTWARE_DEFECT(true),
    /**
     * Many terminals retrying a failing sign-on again and again at once (a retry loop in the terminals' software, on
     * one firmware or model): at least {@link Finding#LOOP_RETRIES} failed sign-ons a minute for each failing terminal,
     * of a cause on the terminals' side. Paged: besides the merchants who cannot trade, the loop hammers the hosts.
     */
    LOOP_WAVE(true),
    /**
     * Terminals showing another merchant's name after signing on, at once: at least half the failures of the scope are
     * terminals that stopped because the host's answer named a different merchant than their parameters
     * ({@code MERCHANT_NAME_MISMATCH}), typically after a parameter push or a change of the host's merchant table.
     * Paged: receipts with the wrong merchant are money and trust, and the merchants must stop trading.
     */
    DISPLAY_WAVE(true),
    /**
     * Hardware faults (card readers, keypads, power) concentrated on a scope, typically one model: a bad batch for the
     * vendor and field service, not a rollback. Recorded and shown, not paged: a failing part spreads over days, and
     * nobody on call can mend it at night.
     */
    HARDWARE_WAVE(false),
    MERCHANT_ACCOUNT_WAVE(false),
    OTHER(false);

    private final boolean pages;

    IncidentKind(boolean pages) {
        this.pages = pages;
    }

    public boolean pages() {
        return pages;
    }
}
