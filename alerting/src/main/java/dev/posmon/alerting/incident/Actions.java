package dev.posmon.alerting.incident;

import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import java.util.Map;

/** The recommended action of an incident, for on-call and operations. Plain class. */
final class Actions {

    private Actions() {}

    static String of(IncidentKind kind, Map<String, String> scope, MaintenanceCalendar calendar, Finding finding) {
        String where = scope.toString();
        return switch (kind) {
            case HOST_OUTAGE ->
                finding.totalStop()
                        ? "Acquirer host " + scope.get("host") + " has stopped: every sign-on to it fails ("
                                + top(finding)
                                + "). A crash and an unannounced maintenance look alike: ask the acquirer; if it is maintenance, declare the window "
                                + "(POST /v1/maintenance-windows) and the rest of it is recorded, not paged. Terminals need no action."
                        : "Acquirer host " + scope.get("host") + " is failing sign-ons (" + top(finding)
                                + "): check the host and its front-end with the acquirer; terminals need no action.";
            case HOST_MAINTENANCE ->
                "Host " + scope.get("host") + " answers as if in maintenance (" + top(finding)
                        + ") but none was declared: confirm with the acquirer and declare the window, or escalate.";
            case PLANNED_MAINTENANCE ->
                "Declared maintenance of host " + scope.get("host")
                        + calendar.covering(scope.get("host"), finding.windowStart())
                                .map(c -> " until " + c.occurrenceEnd())
                                .orElse("")
                        + ": no action unless it overruns.";
            case NETWORK_OUTAGE ->
                "Network outage in " + where
                        + ": check the carrier's status and the APN; advise merchants to switch network.";
            case KEY_SYNC ->
                "Key/MAC failures in " + where
                        + ": check the last key rotation; terminals should sign on again to resynchronise.";
            case SOFTWARE_DEFECT ->
                "Failures concentrated on " + where + ": stop the rollout and roll back or patch that version.";
            case MERCHANT_ACCOUNT_WAVE ->
                "Merchant-account or registration refusals in " + where
                        + ": check recent freezes or registry changes with the acquirer.";
            case OTHER -> "Sign-on failures above normal in " + where + " (" + top(finding) + "): investigate.";
        };
    }

    private static String top(Finding finding) {
        return finding.evidence().isEmpty()
                ? finding.dominantCause().name()
                : String.join(
                        ", ",
                        Correlator.top(finding.evidence()).keySet().stream()
                                .limit(3)
                                .toList());
    }
}
