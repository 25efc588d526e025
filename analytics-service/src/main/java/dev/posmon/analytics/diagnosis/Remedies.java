package dev.posmon.analytics.diagnosis;

import dev.posmon.analytics.terminal.TerminalRules;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Diagnosis} from a terminal's state, registry record and telemetry: the remedies of the
 * field guide (check or switch the network, wait for the announced maintenance to end, sign on again,
 * ask the acquirer to register the terminal or unfreeze the merchant, replace the reader, update the app).
 * Plain class.
 */
public final class Remedies {

    private Remedies() {}

    public static Diagnosis diagnose(
            String terminalId,
            TerminalState state,
            TerminalRecord terminal,
            Telemetry telemetry,
            Instant now,
            String answeredBy) {
        if (state == null) {
            Advice advice = terminal == null
                    ? new Advice(
                            "posmon has seen neither a registry record nor a sign-on attempt from " + terminalId,
                            "Check the terminal ID printed on the device.",
                            "Register the terminal (PUT /v1/terminals/" + terminalId
                                    + ") and check that it reports to posmon.")
                    : new Advice(
                            "No sign-on attempt from " + terminalId + " has reached posmon.",
                            "Switch the terminal on and sign on; check its network connection.",
                            "Check that the terminal or its gateway posts events to posmon.");
            return new Diagnosis(
                    terminalId,
                    terminal != null,
                    terminal,
                    "NO_ATTEMPTS_SEEN",
                    null,
                    null,
                    null,
                    0,
                    null,
                    0,
                    List.of(),
                    telemetry,
                    advice,
                    answeredBy);
        }
        int recentSignOns = (int) state.recentSignOns().stream()
                .filter(at -> !at.isBefore(now.minus(TerminalRules.RECENT)))
                .count();
        String status = switch (state.health()) {
            case STUCK -> "STUCK";
            case SIGNON_LOOP -> "SIGNON_LOOP";
            case OK -> state.consecutiveFailures() > 0 ? "FAILING" : "SIGNING_ON";
        };
        Instant since = state.health() != Health.OK
                ? state.healthSince()
                : state.consecutiveFailures() > 0 ? state.firstFailureAt() : state.lastSuccessAt();
        return new Diagnosis(
                terminalId,
                terminal != null,
                terminal,
                status,
                since,
                state.lastAttemptAt(),
                state.lastSuccessAt(),
                state.consecutiveFailures(),
                state.currentCause(),
                recentSignOns,
                state.recentAttempts(),
                telemetry,
                advise(state, terminal, recentSignOns),
                answeredBy);
    }

    static Advice advise(TerminalState state, TerminalRecord terminal, int recentSignOns) {
        if (state.health() == Health.SIGNON_LOOP) {
            String app = state.recentAttempts().isEmpty()
                    ? ""
                    : " (app " + state.recentAttempts().get(0).appVersion() + ")";
            return new Advice(
                    "The terminal signs on again and again: " + recentSignOns + " sign-ons in the last 15 minutes" + app
                            + ".",
                    "Restart the terminal; if it keeps signing on, call support.",
                    "A re-sign-on loop is usually an app defect or a parameter that never sticks: update the app" + app
                            + " and re-download its parameters.");
        }
        if (state.consecutiveFailures() == 0) {
            return new Advice("Signing on normally.", "Nothing to do.", "Nothing to do.");
        }
        AttemptSummary last = state.recentAttempts().stream()
                .filter(a -> "FAILURE".equals(a.outcome()))
                .findFirst()
                .orElse(null);
        Map<String, String> evidence = last == null || last.evidence() == null
                ? Map.of()
                : last.evidence().fields();
        String host = last == null ? "its acquirer host" : "host " + last.hostId();
        String failing = state.consecutiveFailures() + " failed sign-on" + (state.consecutiveFailures() == 1 ? "" : "s")
                + " in a row";
        Cause cause = state.currentCause() == null ? Cause.UNKNOWN : state.currentCause();
        return switch (cause) {
            case NETWORK ->
                new Advice(
                        failing + ": the network" + signal(evidence) + ".",
                        "Check the cable or Wi-Fi, or move the terminal where the mobile signal is stronger; switch to another network (SIM, Wi-Fi) if you can.",
                        "If many terminals of the same carrier or province fail alike, it is a network outage: check the carrier.");
            case HOST_UNAVAILABLE ->
                new Advice(
                        failing + ": " + host + " is not answering" + code(evidence) + ".",
                        "Nothing to do at the terminal: the acquirer's host is down. Try again later.",
                        "A host-side failure: check the incident for " + host + "; on-call is paged for host outages.");
            case HOST_MAINTENANCE ->
                evidence.containsKey("windowEnd")
                        ? new Advice(
                                failing + ": " + host + " is in announced maintenance until "
                                        + evidence.get("windowEnd") + ".",
                                "Wait for the maintenance to end at " + evidence.get("windowEnd")
                                        + ", then sign on again.",
                                "Planned maintenance (window " + evidence.get("windowId")
                                        + "): no action unless it overruns.")
                        : new Advice(
                                failing + ": " + host + " is in maintenance or its daily cut-over" + code(evidence)
                                        + ".",
                                "Wait a few minutes and sign on again.",
                                "Unannounced maintenance of " + host + ": check with the acquirer how long it lasts.");
            case HOST_ROUTING ->
                new Advice(
                        failing + ": the switch cannot route to " + host + code(evidence) + ".",
                        "Nothing to do at the terminal; call support.",
                        "Ask the acquirer to check the routing for " + host + ".");
            case KEY_MAC ->
                new Advice(
                        failing + ": the working keys are out of step" + code(evidence) + ".",
                        "Sign on again to resynchronise the keys.",
                        "If signing on again does not help, re-inject the terminal's master key.");
            case TERMINAL_NOT_REGISTERED ->
                new Advice(
                        failing + ": the acquirer does not know this terminal" + code(evidence) + ".",
                        "Call support: the terminal has to be registered again.",
                        "Ask the acquirer to register (or re-register) terminal " + state.terminalId() + ".");
            case MERCHANT_ACCOUNT ->
                new Advice(
                        failing + ": the merchant account is "
                                + (terminal != null
                                        ? terminal.merchantStatus().name().toLowerCase()
                                        : "not usable") + code(evidence) + ".",
                        "Contact your acquirer about the merchant account.",
                        "Ask the acquirer to unfreeze or reopen merchant "
                                + (terminal != null ? terminal.merchantId() : "") + ".");
            case TERMINAL_STATE ->
                new Advice(
                        failing + ": the terminal's state differs from the host's" + code(evidence) + ".",
                        "Settle the batch and sign on again.",
                        "If it persists, clear the terminal's batch with the acquirer.");
            case SOFTWARE ->
                new Advice(
                        failing + ": a software problem" + local(evidence) + code(evidence) + ".",
                        "Restart the terminal; if it persists, update the app.",
                        "Update the app from version " + (last == null ? "?" : last.appVersion())
                                + " and re-download the parameters.");
            case HARDWARE ->
                new Advice(
                        failing + ": a hardware fault" + local(evidence) + ".",
                        "Charge the terminal and check the card reader and keypad.",
                        evidence.containsKey("cardReaderErrors")
                                        || "CARD_READER_FAULT".equals(evidence.get("localError"))
                                ? "Replace the card reader."
                                : "Arrange a repair or a replacement terminal.");
            case OPERATOR ->
                new Advice(
                        failing + ": the operator's sign-on credentials were refused.",
                        "Check the operator number and password.",
                        "Reset the operator's credentials if needed.");
            case UNKNOWN ->
                new Advice(
                        failing + ": cause not recognised" + code(evidence) + ".",
                        "Restart the terminal and sign on again.",
                        "Look at the last attempts below; if a response code is unmapped, add it to the code table of the network profile.");
        };
    }

    private static String signal(Map<String, String> evidence) {
        return evidence.containsKey("signalDbm")
                ? " (signal " + evidence.get("signalDbm") + " dBm)"
                : evidence.containsKey("transportError") ? " (" + evidence.get("transportError") + ")" : "";
    }

    private static String code(Map<String, String> evidence) {
        return evidence.containsKey("responseCode")
                ? " (code " + evidence.get("responseCode")
                        + (evidence.containsKey("meaning") ? ": " + evidence.get("meaning") : "") + ")"
                : evidence.containsKey("transportError") ? " (" + evidence.get("transportError") + ")" : "";
    }

    private static String local(Map<String, String> evidence) {
        return evidence.containsKey("localError") ? " (" + evidence.get("localError") + ")" : "";
    }
}
