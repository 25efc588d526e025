package dev.posmon.analytics.classify;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.LocalError;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.RegionCode;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the one cause of a failed sign-on attempt, with its evidence. Plain class: the code tables and
 * thresholds are given; the terminal's registry record, latest telemetry and the host's declared
 * maintenance windows come with each call. Rules, first match wins:
 * <ol>
 * <li>{@code MAINTENANCE_WINDOW}: a host-side failure (host code, refused connection, host timeout) while a
 * declared window of the dialled host covers the attempt → HOST_MAINTENANCE;</li>
 * <li>{@code CODE_TABLE}: the response code in the table of the terminal's network profile (a FROZEN or
 * CLOSED merchant turns a registration/merchant code into {@code MERCHANT_STATUS});</li>
 * <li>{@code MERCHANT_STATUS}: the registry says the merchant is FROZEN or CLOSED;</li>
 * <li>{@code LOCAL_ERROR}: the terminal's own fault report;</li>
 * <li>transport errors: {@code NO_NETWORK}/{@code DNS}/{@code CONNECT_TIMEOUT}/{@code CONNECTION_RESET} →
 * NETWORK; {@code CONNECT_REFUSED} → HOST_UNAVAILABLE; a read timeout or TLS failure → NETWORK when the
 * network looks poor ({@code WEAK_SIGNAL_TIMEOUT}), else HOST_UNAVAILABLE ({@code HOST_TIMEOUT}) or
 * SOFTWARE ({@code TLS_FAILURE});</li>
 * <li>{@code STAGE}: failed at KEY_EXCHANGE → KEY_MAC, at PARAM_DOWNLOAD → SOFTWARE;</li>
 * <li>{@code TELEMETRY_FAULT}: recent telemetry shows a hardware fault → HARDWARE;</li>
 * <li>{@code UNMAPPED_CODE} or {@code NO_RULE} → UNKNOWN.</li>
 * </ol>
 */
public final class Classifier {

    private final CodeTables tables;
    private final ClassifierSettings settings;

    public Classifier(CodeTables tables, ClassifierSettings settings) {
        this.tables = tables;
        this.settings = settings;
    }

    /**
     * @param terminal    the registry record, or null when it is not visible yet
     * @param telemetry   the terminal's latest telemetry, or null
     * @param windows     declared maintenance windows that may concern the attempt: its host's, and the networks' (a
     *                    province's, a carrier's) announced works
     * @return empty for a success
     */
    public Optional<Classification> classify(
            SignOnAttempt attempt, TerminalRecord terminal, Telemetry telemetry, List<MaintenanceWindow> windows) {
        return alone(attempt, terminal, telemetry, windows)
                .map(classification -> duringAnnouncedWorks(classification, attempt, terminal, windows));
    }

    /**
     * A network failure inside announced works of the terminal's network (its province's, its carrier's there): still
     * NETWORK, with the works' window and its occurrence's end as evidence ({@code worksWindow}, {@code worksEnd}), so
     * that the diagnosis tells the merchant when it ends.
     */
    private static Classification duringAnnouncedWorks(
            Classification classification,
            SignOnAttempt attempt,
            TerminalRecord terminal,
            List<MaintenanceWindow> windows) {
        if (classification.cause() != Cause.NETWORK) {
            return classification;
        }
        Map<String, String> scope = networkScope(attempt, terminal);
        for (MaintenanceWindow window : windows) {
            if (window.coversNetworkOf(scope)) {
                Instant end = window.occurrenceEndCovering(attempt.occurredAt());
                if (end != null) {
                    Map<String, String> fields =
                            new LinkedHashMap<>(classification.evidence().fields());
                    fields.put("worksWindow", window.id());
                    fields.put("worksEnd", end.toString());
                    return new Classification(
                            Cause.NETWORK,
                            new Evidence(classification.evidence().rule(), fields));
                }
            }
        }
        return classification;
    }

    /** The attempt's network as the cube names it: the terminal's province, the carrier it signed on through. */
    public static Map<String, String> networkScope(SignOnAttempt attempt, TerminalRecord terminal) {
        Map<String, String> scope = new HashMap<>(2);
        if (terminal != null && terminal.regionCode() != null) {
            scope.put("province", RegionCode.province(terminal.regionCode()));
        }
        if (attempt.network() != null && attempt.network().carrier() != null) {
            scope.put("carrier", attempt.network().carrier());
        }
        return scope;
    }

    private Optional<Classification> alone(
            SignOnAttempt attempt, TerminalRecord terminal, Telemetry telemetry, List<MaintenanceWindow> hostWindows) {
        if (!attempt.failed()) {
            return Optional.empty();
        }
        CodeTable table = tables.forProfile(terminal == null ? null : terminal.networkProfile());
        Optional<CodeTable.Entry> code =
                attempt.responseCode() == null ? Optional.empty() : table.lookup(attempt.responseCode());

        Optional<Classification> maintenance = declaredMaintenance(attempt, code, telemetry, hostWindows);
        if (maintenance.isPresent()) {
            return maintenance;
        }
        boolean merchantBlocked = terminal != null && terminal.merchantStatus() != MerchantStatus.ACTIVE;
        if (code.isPresent()) {
            Cause cause = code.get().cause();
            if (merchantBlocked && (cause == Cause.MERCHANT_ACCOUNT || cause == Cause.TERMINAL_NOT_REGISTERED)) {
                return Optional.of(Classification.of(
                        Cause.MERCHANT_ACCOUNT,
                        "MERCHANT_STATUS",
                        fields(
                                "merchantStatus",
                                terminal.merchantStatus().name(),
                                "responseCode",
                                attempt.responseCode(),
                                "meaning",
                                code.get().meaning())));
            }
            return Optional.of(Classification.of(
                    cause,
                    "CODE_TABLE",
                    fields(
                            "responseCode",
                            attempt.responseCode(),
                            "profile",
                            table.profile(),
                            "tableVersion",
                            table.version(),
                            "meaning",
                            code.get().meaning())));
        }
        if (merchantBlocked) {
            return Optional.of(Classification.of(
                    Cause.MERCHANT_ACCOUNT,
                    "MERCHANT_STATUS",
                    fields("merchantStatus", terminal.merchantStatus().name(), "merchantId", terminal.merchantId())));
        }
        if (attempt.localError() != null && attempt.localError() != LocalError.OTHER) {
            return Optional.of(Classification.of(
                    localCause(attempt.localError()),
                    "LOCAL_ERROR",
                    fields("localError", attempt.localError().name())));
        }
        if (attempt.transportError() != null) {
            return Optional.of(transport(attempt, telemetry));
        }
        if (attempt.responseCode() == null && attempt.stage() == Stage.KEY_EXCHANGE) {
            return Optional.of(Classification.of(
                    Cause.KEY_MAC, "STAGE", fields("stage", attempt.stage().name())));
        }
        if (attempt.responseCode() == null && attempt.stage() == Stage.PARAM_DOWNLOAD) {
            return Optional.of(Classification.of(
                    Cause.SOFTWARE, "STAGE", fields("stage", attempt.stage().name())));
        }
        Optional<Classification> hardware = hardwareTelemetry(attempt, telemetry);
        if (hardware.isPresent()) {
            return hardware;
        }
        if (attempt.responseCode() != null) {
            return Optional.of(Classification.of(
                    Cause.UNKNOWN,
                    "UNMAPPED_CODE",
                    fields(
                            "responseCode",
                            attempt.responseCode(),
                            "profile",
                            table.profile(),
                            "tableVersion",
                            table.version())));
        }
        return Optional.of(Classification.of(
                Cause.UNKNOWN, "NO_RULE", fields("stage", attempt.stage().name())));
    }

    private Optional<Classification> declaredMaintenance(
            SignOnAttempt attempt,
            Optional<CodeTable.Entry> code,
            Telemetry telemetry,
            List<MaintenanceWindow> hostWindows) {
        boolean hostSide = code.map(entry -> entry.cause().hostSide()).orElse(false)
                || attempt.transportError() == TransportError.CONNECT_REFUSED
                || (attempt.transportError() == TransportError.READ_TIMEOUT
                        && !poorNetwork(attempt, telemetry).isPresent());
        if (!hostSide) {
            return Optional.empty();
        }
        for (MaintenanceWindow window : hostWindows) {
            if (window.ofHost(attempt.hostId())) {
                Instant end = window.occurrenceEndCovering(attempt.occurredAt());
                if (end != null) {
                    return Optional.of(Classification.of(
                            Cause.HOST_MAINTENANCE,
                            "MAINTENANCE_WINDOW",
                            fields(
                                    "hostId",
                                    attempt.hostId(),
                                    "windowId",
                                    window.id(),
                                    "windowEnd",
                                    end.toString(),
                                    attempt.responseCode() != null ? "responseCode" : "transportError",
                                    attempt.responseCode() != null
                                            ? attempt.responseCode()
                                            : attempt.transportError().name())));
                }
            }
        }
        return Optional.empty();
    }

    private Classification transport(SignOnAttempt attempt, Telemetry telemetry) {
        TransportError error = attempt.transportError();
        Map<String, String> seen = fields("transportError", error.name());
        return switch (error) {
            case NO_NETWORK, DNS, CONNECT_TIMEOUT, CONNECTION_RESET -> {
                poorNetwork(attempt, telemetry).ifPresent(why -> seen.putAll(why));
                yield new Classification(Cause.NETWORK, new Evidence("TRANSPORT", seen));
            }
            case CONNECT_REFUSED -> Classification.of(Cause.HOST_UNAVAILABLE, "CONNECT_REFUSED", seen);
            case READ_TIMEOUT, TLS_HANDSHAKE -> {
                Optional<Map<String, String>> poor = poorNetwork(attempt, telemetry);
                if (poor.isPresent()) {
                    seen.putAll(poor.get());
                    yield Classification.of(Cause.NETWORK, "WEAK_SIGNAL_TIMEOUT", seen);
                }
                signal(attempt).ifPresent(dbm -> seen.put("signalDbm", String.valueOf(dbm)));
                yield error == TransportError.READ_TIMEOUT
                        ? Classification.of(Cause.HOST_UNAVAILABLE, "HOST_TIMEOUT", seen)
                        : Classification.of(Cause.SOFTWARE, "TLS_FAILURE", seen);
            }
        };
    }

    /** Why the network looks poor for this attempt (weak signal, slow echo), or empty. */
    private Optional<Map<String, String>> poorNetwork(SignOnAttempt attempt, Telemetry telemetry) {
        Optional<Integer> signal = signal(attempt);
        if (signal.isPresent() && signal.get() <= settings.weakSignalDbm()) {
            return Optional.of(fields("signalDbm", String.valueOf(signal.get())));
        }
        if (fresh(attempt, telemetry)
                && telemetry.echoRttMs() != null
                && telemetry.echoRttMs() >= settings.slowEchoMs()) {
            return Optional.of(fields("echoRttMs", String.valueOf(telemetry.echoRttMs())));
        }
        return Optional.empty();
    }

    private static Optional<Integer> signal(SignOnAttempt attempt) {
        return Optional.ofNullable(attempt.network()).map(network -> network.signalDbm());
    }

    private Optional<Classification> hardwareTelemetry(SignOnAttempt attempt, Telemetry telemetry) {
        if (!fresh(attempt, telemetry)) {
            return Optional.empty();
        }
        if (telemetry.cardReaderErrors() != null && telemetry.cardReaderErrors() > 0) {
            return Optional.of(Classification.of(
                    Cause.HARDWARE,
                    "TELEMETRY_FAULT",
                    fields("cardReaderErrors", String.valueOf(telemetry.cardReaderErrors()))));
        }
        if (Boolean.TRUE.equals(telemetry.keypadFault())) {
            return Optional.of(Classification.of(Cause.HARDWARE, "TELEMETRY_FAULT", fields("keypadFault", "true")));
        }
        if (telemetry.batteryPct() != null
                && telemetry.batteryPct() <= 5
                && !Boolean.TRUE.equals(telemetry.charging())) {
            return Optional.of(Classification.of(
                    Cause.HARDWARE,
                    "TELEMETRY_FAULT",
                    fields("batteryPct", String.valueOf(telemetry.batteryPct()), "charging", "false")));
        }
        return Optional.empty();
    }

    private boolean fresh(SignOnAttempt attempt, Telemetry telemetry) {
        if (telemetry == null) {
            return false;
        }
        Duration age = Duration.between(telemetry.occurredAt(), attempt.occurredAt());
        return !age.isNegative() && age.compareTo(settings.telemetryFreshness()) <= 0;
    }

    static Cause localCause(LocalError error) {
        return switch (error) {
            case OPERATOR_CREDENTIALS -> Cause.OPERATOR;
            case CARD_READER_FAULT, KEYPAD_FAULT, PRINTER_FAULT, POWER, DISPLAY_FAULT -> Cause.HARDWARE;
            case KEY_MISSING -> Cause.KEY_MAC;
            // another merchant's name in the host's answer: the terminal's downloaded parameters, like a corrupt set
            case PARAM_CORRUPT, APP_CRASH, STORAGE_FULL, CLOCK_INVALID, MERCHANT_NAME_MISMATCH -> Cause.SOFTWARE;
            case OTHER -> Cause.UNKNOWN;
        };
    }

    /** An insertion-ordered, mutable map of name/value pairs (evidence reads in the order it was gathered). */
    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return fields;
    }
}
