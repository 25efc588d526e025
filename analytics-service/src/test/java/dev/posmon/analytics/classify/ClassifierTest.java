package dev.posmon.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.LocalError;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierTest {

    static final Instant AT = Instant.parse("2026-11-26T15:10:00Z");
    static final CodeTables TABLES = CodeTables.load(Optional.empty());
    static final Classifier CLASSIFIER = new Classifier(TABLES, ClassifierSettings.DEFAULTS);
    static final Set<String> CHECKED_ROWS = new HashSet<>();

    static TerminalRecord terminal(String profile, MerchantStatus status) {
        return new TerminalRecord(
                "T1", "M1", "440305", "P2000", "Acme", "H1", "ACQ-A", profile, "Asia/Shanghai", status);
    }

    static SignOnAttempt failure(
            Stage stage, String code, TransportError transport, LocalError local, Integer signalDbm) {
        return new SignOnAttempt(
                UUID.randomUUID(),
                "T1",
                AT,
                "H1",
                Outcome.FAILURE,
                stage,
                code,
                transport,
                local,
                900,
                1,
                new Network(Network.NetworkType._4G, "CMCC", signalDbm),
                "3.2.1",
                "FW-7.4",
                null);
    }

    static Classification classify(
            SignOnAttempt attempt, TerminalRecord terminal, Telemetry telemetry, List<MaintenanceWindow> windows) {
        return CLASSIFIER.classify(attempt, terminal, telemetry, windows).orElseThrow();
    }

    /** Every row of every shipped table, with the cause a person expects from its meaning on that network. */
    @ParameterizedTest(name = "{0} code {1} is {2}")
    @CsvSource({
        "CUP,03,MERCHANT_ACCOUNT",
        "CUP,06,HOST_UNAVAILABLE",
        "CUP,12,SOFTWARE",
        "CUP,22,TERMINAL_STATE",
        "CUP,30,SOFTWARE",
        "CUP,40,SOFTWARE",
        "CUP,58,TERMINAL_NOT_REGISTERED",
        "CUP,63,KEY_MAC",
        "CUP,68,HOST_UNAVAILABLE",
        "CUP,77,TERMINAL_STATE",
        "CUP,90,HOST_MAINTENANCE",
        "CUP,91,HOST_UNAVAILABLE",
        "CUP,92,HOST_ROUTING",
        "CUP,94,SOFTWARE",
        "CUP,96,HOST_UNAVAILABLE",
        "CUP,97,TERMINAL_NOT_REGISTERED",
        "CUP,98,HOST_UNAVAILABLE",
        "CUP,99,KEY_MAC",
        "CUP,A0,KEY_MAC",
        "CUP,A7,KEY_MAC",
        "CUP,C1,HOST_UNAVAILABLE",
        "ISO87,03,MERCHANT_ACCOUNT",
        "ISO87,06,HOST_UNAVAILABLE",
        "ISO87,12,SOFTWARE",
        "ISO87,22,TERMINAL_STATE",
        "ISO87,30,SOFTWARE",
        "ISO87,40,SOFTWARE",
        "ISO87,58,TERMINAL_NOT_REGISTERED",
        "ISO87,63,KEY_MAC",
        "ISO87,68,HOST_UNAVAILABLE",
        "ISO87,90,HOST_MAINTENANCE",
        "ISO87,91,HOST_UNAVAILABLE",
        "ISO87,92,HOST_ROUTING",
        "ISO87,94,SOFTWARE",
        "ISO87,96,HOST_UNAVAILABLE",
        "POSTILION,03,MERCHANT_ACCOUNT",
        "POSTILION,06,HOST_UNAVAILABLE",
        "POSTILION,12,SOFTWARE",
        "POSTILION,22,TERMINAL_STATE",
        "POSTILION,30,SOFTWARE",
        "POSTILION,40,SOFTWARE",
        "POSTILION,58,TERMINAL_NOT_REGISTERED",
        "POSTILION,63,KEY_MAC",
        "POSTILION,68,HOST_UNAVAILABLE",
        "POSTILION,90,HOST_MAINTENANCE",
        "POSTILION,91,HOST_UNAVAILABLE",
        "POSTILION,92,HOST_ROUTING",
        "POSTILION,94,SOFTWARE",
        "POSTILION,96,HOST_UNAVAILABLE",
        "POSTILION,C1,HOST_UNAVAILABLE",
        "POSTILION,D1,KEY_MAC"
    })
    void classifiesEveryShippedCode(String profile, String code, Cause expected) {
        Classification result = classify(
                failure(Stage.AUTH, code, null, null, -70), terminal(profile, MerchantStatus.ACTIVE), null, List.of());
        assertThat(result.cause()).isEqualTo(expected);
        assertThat(result.evidence().rule()).isEqualTo("CODE_TABLE");
        assertThat(result.evidence().fields())
                .containsEntry("responseCode", code)
                .containsEntry("profile", profile)
                .containsKeys("tableVersion", "meaning");
        CHECKED_ROWS.add(profile + ":" + code);
    }

    @AfterAll
    static void everyShippedRowHasANamedCase() {
        Set<String> rows = new HashSet<>();
        TABLES.all()
                .forEach((profile, table) -> table.codes().keySet().forEach(code -> rows.add(profile + ":" + code)));
        assertThat(CHECKED_ROWS)
                .as("rows of the shipped tables with a named case")
                .isEqualTo(rows);
    }

    @Test
    void theSameCodeMeansDifferentThingsOnDifferentNetworks() {
        assertThat(classify(
                                failure(Stage.AUTH, "97", null, null, -70),
                                terminal("CUP", MerchantStatus.ACTIVE),
                                null,
                                List.of())
                        .cause())
                .isEqualTo(Cause.TERMINAL_NOT_REGISTERED);
        Classification iso = classify(
                failure(Stage.AUTH, "97", null, null, -70), terminal("ISO87", MerchantStatus.ACTIVE), null, List.of());
        assertThat(iso.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(iso.evidence().rule()).isEqualTo("UNMAPPED_CODE");
        assertThat(classify(
                                failure(Stage.AUTH, "D1", null, null, -70),
                                terminal("CUP", MerchantStatus.ACTIVE),
                                null,
                                List.of())
                        .cause())
                .isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void anUnregisteredTerminalUsesTheDefaultTable() {
        Classification result = classify(failure(Stage.AUTH, "91", null, null, -70), null, null, List.of());
        assertThat(result.cause()).isEqualTo(Cause.HOST_UNAVAILABLE);
        assertThat(result.evidence().fields()).containsEntry("profile", "ISO87");
    }

    @Test
    void aSuccessHasNoCause() {
        SignOnAttempt ok = new SignOnAttempt(
                UUID.randomUUID(),
                "T1",
                AT,
                "H1",
                Outcome.SUCCESS,
                Stage.COMPLETE,
                "00",
                null,
                null,
                300,
                1,
                null,
                "3.2.1",
                "FW-7.4",
                null);
        assertThat(CLASSIFIER.classify(ok, terminal("CUP", MerchantStatus.ACTIVE), null, List.of()))
                .isEmpty();
    }

    // --- precedence ---

    static final MaintenanceWindow CUT_OVER = new MaintenanceWindow(
            "mw-1",
            "H1",
            Instant.parse("2026-11-01T15:00:00Z"),
            null,
            "FREQ=DAILY",
            Duration.ofMinutes(30),
            "Asia/Shanghai",
            "daily cut-over",
            null);

    @Test
    void a96InsideADeclaredWindowIsPlannedHostMaintenance() {
        Classification result = classify(
                failure(Stage.AUTH, "96", null, null, -70),
                terminal("CUP", MerchantStatus.ACTIVE),
                null,
                List.of(CUT_OVER));
        assertThat(result.cause()).isEqualTo(Cause.HOST_MAINTENANCE);
        assertThat(result.evidence().rule()).isEqualTo("MAINTENANCE_WINDOW");
        assertThat(result.evidence().fields())
                .containsEntry("windowId", "mw-1")
                .containsEntry("windowEnd", "2026-11-26T15:30:00Z")
                .containsEntry("responseCode", "96");
    }

    @Test
    void a96OutsideTheWindowIsHostUnavailable() {
        SignOnAttempt later =
                withTime(failure(Stage.AUTH, "96", null, null, -70), Instant.parse("2026-11-26T15:40:00Z"));
        assertThat(classify(later, terminal("CUP", MerchantStatus.ACTIVE), null, List.of(CUT_OVER))
                        .cause())
                .isEqualTo(Cause.HOST_UNAVAILABLE);
    }

    @Test
    void aWindowOfAnotherHostDoesNotCount() {
        MaintenanceWindow otherHost = new MaintenanceWindow(
                "mw-9",
                "H9",
                CUT_OVER.start(),
                null,
                "FREQ=DAILY",
                Duration.ofMinutes(30),
                "Asia/Shanghai",
                null,
                null);
        assertThat(classify(
                                failure(Stage.AUTH, "96", null, null, -70),
                                terminal("CUP", MerchantStatus.ACTIVE),
                                null,
                                List.of(otherHost))
                        .cause())
                .isEqualTo(Cause.HOST_UNAVAILABLE);
    }

    @Test
    void aTerminalSideFailureInsideTheWindowKeepsItsOwnCause() {
        Classification result = classify(
                failure(Stage.AUTH, "A0", null, null, -70),
                terminal("CUP", MerchantStatus.ACTIVE),
                null,
                List.of(CUT_OVER));
        assertThat(result.cause()).isEqualTo(Cause.KEY_MAC);
    }

    @Test
    void aRefusedConnectionInsideTheWindowIsMaintenance() {
        Classification result = classify(
                failure(Stage.CONNECT, null, TransportError.CONNECT_REFUSED, null, -70),
                terminal("CUP", MerchantStatus.ACTIVE),
                null,
                List.of(CUT_OVER));
        assertThat(result.cause()).isEqualTo(Cause.HOST_MAINTENANCE);
        assertThat(result.evidence().fields()).containsEntry("transportError", "CONNECT_REFUSED");
    }

    @Test
    void aReadTimeoutWithAStrongSignalIsTheHost() {
        Classification result = classify(
                failure(Stage.AUTH, null, TransportError.READ_TIMEOUT, null, -70),
                terminal("CUP", MerchantStatus.ACTIVE),
                null,
                List.of());
        assertThat(result.cause()).isEqualTo(Cause.HOST_UNAVAILABLE);
        assertThat(result.evidence().rule()).isEqualTo("HOST_TIMEOUT");
        assertThat(result.evidence().fields()).containsEntry("signalDbm", "-70");
    }

    @Test
    void aReadTimeoutWithAWeakSignalIsTheNetwork() {
        Classification result = classify(
                failure(Stage.AUTH, null, TransportError.READ_TIMEOUT, null, -109),
                terminal("CUP", MerchantStatus.ACTIVE),
                null,
                List.of());
        assertThat(result.cause()).isEqualTo(Cause.NETWORK);
        assertThat(result.evidence().rule()).isEqualTo("WEAK_SIGNAL_TIMEOUT");
        assertThat(result.evidence().fields()).containsEntry("signalDbm", "-109");
    }

    @Test
    void aReadTimeoutWithSlowEchoInRecentTelemetryIsTheNetwork() {
        Telemetry slow = telemetry(AT.minusSeconds(120), 2500, 0, null, 80, true);
        Classification result = classify(
                failure(Stage.AUTH, null, TransportError.READ_TIMEOUT, null, null),
                terminal("CUP", MerchantStatus.ACTIVE),
                slow,
                List.of());
        assertThat(result.cause()).isEqualTo(Cause.NETWORK);
        assertThat(result.evidence().fields()).containsEntry("echoRttMs", "2500");
    }

    @Test
    void aNetworkFailureDuringItsCarriersAnnouncedWorksSaysWhenTheyEnd() {
        MaintenanceWindow works = new MaintenanceWindow(
                "ics-works",
                null,
                AT.minusSeconds(600),
                AT.plusSeconds(3_000),
                null,
                null,
                "Asia/Shanghai",
                "CMCC works",
                null,
                "440000",
                "CMCC",
                null,
                "gd-cmcc");
        TerminalRecord shenzhen = terminal("CUP", MerchantStatus.ACTIVE);
        Classification during = classify(
                failure(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, -70),
                shenzhen,
                null,
                List.of(works));
        assertThat(during.cause()).isEqualTo(Cause.NETWORK);
        assertThat(during.evidence().rule()).isEqualTo("TRANSPORT");
        assertThat(during.evidence().fields())
                .containsEntry("worksWindow", "ics-works")
                .containsEntry("worksEnd", AT.plusSeconds(3_000).toString())
                .containsEntry("transportError", "CONNECT_TIMEOUT");
        TerminalRecord beijing = new TerminalRecord(
                "T1", "M1", "110105", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Shanghai", MerchantStatus.ACTIVE);
        assertThat(classify(
                                failure(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, -70),
                                beijing,
                                null,
                                List.of(works))
                        .evidence()
                        .fields())
                .as("another province's terminal")
                .doesNotContainKey("worksEnd");
        assertThat(classify(failure(Stage.CONNECT, "96", null, null, -70), shenzhen, null, List.of(works))
                        .evidence()
                        .fields())
                .as("not a network failure")
                .doesNotContainKey("worksEnd");
        assertThat(classify(
                                withTime(
                                        failure(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, -70),
                                        AT.plusSeconds(4_000)),
                                shenzhen,
                                null,
                                List.of(works))
                        .evidence()
                        .fields())
                .as("after the works")
                .doesNotContainKey("worksEnd");
    }

    @Test
    void aConnectTimeoutIsTheNetworkWhateverTheSignal() {
        assertThat(classify(
                                failure(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, -60),
                                null,
                                null,
                                List.of())
                        .cause())
                .isEqualTo(Cause.NETWORK);
        Classification weak = classify(
                failure(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, -112), null, null, List.of());
        assertThat(weak.cause()).isEqualTo(Cause.NETWORK);
        assertThat(weak.evidence().fields()).containsEntry("signalDbm", "-112");
    }

    @ParameterizedTest(name = "transport error {0} is {1}")
    @CsvSource({
        "DNS,NETWORK",
        "NO_NETWORK,NETWORK",
        "CONNECTION_RESET,NETWORK",
        "CONNECT_REFUSED,HOST_UNAVAILABLE",
        "TLS_HANDSHAKE,SOFTWARE"
    })
    void classifiesTransportErrorsWithAStrongSignal(TransportError error, Cause expected) {
        assertThat(classify(
                                failure(Stage.CONNECT, null, error, null, -65),
                                terminal("CUP", MerchantStatus.ACTIVE),
                                null,
                                List.of())
                        .cause())
                .isEqualTo(expected);
    }

    @Test
    void aFrozenMerchantAnswered03IsTheMerchantAccount() {
        Classification result = classify(
                failure(Stage.AUTH, "03", null, null, -70), terminal("CUP", MerchantStatus.FROZEN), null, List.of());
        assertThat(result.cause()).isEqualTo(Cause.MERCHANT_ACCOUNT);
        assertThat(result.evidence().rule()).isEqualTo("MERCHANT_STATUS");
        assertThat(result.evidence().fields())
                .containsEntry("merchantStatus", "FROZEN")
                .containsEntry("responseCode", "03");
    }

    @Test
    void aFrozenMerchantBehindAHostOutageIsTheHost() {
        assertThat(classify(
                                failure(Stage.AUTH, "91", null, null, -70),
                                terminal("CUP", MerchantStatus.FROZEN),
                                null,
                                List.of())
                        .cause())
                .isEqualTo(Cause.HOST_UNAVAILABLE);
    }

    @Test
    void aClosedMerchantWithoutACodeIsTheMerchantAccount() {
        assertThat(classify(
                                failure(Stage.AUTH, null, null, LocalError.OTHER, -70),
                                terminal("CUP", MerchantStatus.CLOSED),
                                null,
                                List.of())
                        .cause())
                .isEqualTo(Cause.MERCHANT_ACCOUNT);
    }

    static Stream<Arguments> localErrors() {
        return Stream.of(
                Arguments.of(LocalError.OPERATOR_CREDENTIALS, Cause.OPERATOR),
                Arguments.of(LocalError.CARD_READER_FAULT, Cause.HARDWARE),
                Arguments.of(LocalError.KEYPAD_FAULT, Cause.HARDWARE),
                Arguments.of(LocalError.PRINTER_FAULT, Cause.HARDWARE),
                Arguments.of(LocalError.POWER, Cause.HARDWARE),
                Arguments.of(LocalError.KEY_MISSING, Cause.KEY_MAC),
                Arguments.of(LocalError.PARAM_CORRUPT, Cause.SOFTWARE),
                Arguments.of(LocalError.APP_CRASH, Cause.SOFTWARE),
                Arguments.of(LocalError.STORAGE_FULL, Cause.SOFTWARE),
                Arguments.of(LocalError.CLOCK_INVALID, Cause.SOFTWARE),
                // the field guide's display anomalies that stop a sign-on: a dead screen is hardware, another
                // merchant's name in the host's answer is the terminal's parameters
                Arguments.of(LocalError.DISPLAY_FAULT, Cause.HARDWARE),
                Arguments.of(LocalError.MERCHANT_NAME_MISMATCH, Cause.SOFTWARE));
    }

    @ParameterizedTest(name = "local error {0} is {1}")
    @MethodSource("localErrors")
    void classifiesLocalErrors(LocalError error, Cause expected) {
        Classification result = classify(
                failure(Stage.AUTH, null, null, error, -70), terminal("CUP", MerchantStatus.ACTIVE), null, List.of());
        assertThat(result.cause()).isEqualTo(expected);
        assertThat(result.evidence().rule()).isEqualTo("LOCAL_ERROR");
    }

    @Test
    void everyLocalErrorHasACause() {
        for (LocalError error : LocalError.values()) {
            assertThat(Classifier.localCause(error)).isNotNull();
        }
    }

    @Test
    void aKeyExchangeFailureWithoutACodeIsKeyMac() {
        assertThat(classify(failure(Stage.KEY_EXCHANGE, null, null, null, -70), null, null, List.of())
                        .cause())
                .isEqualTo(Cause.KEY_MAC);
    }

    @Test
    void recentReaderErrorsInTelemetryAreHardware() {
        Telemetry readerErrors = telemetry(AT.minusSeconds(300), 100, 7, null, 80, true);
        Classification result = classify(
                failure(Stage.AUTH, null, null, null, -70),
                terminal("CUP", MerchantStatus.ACTIVE),
                readerErrors,
                List.of());
        assertThat(result.cause()).isEqualTo(Cause.HARDWARE);
        assertThat(result.evidence().fields()).containsEntry("cardReaderErrors", "7");
    }

    @Test
    void staleTelemetryIsNoEvidence() {
        Telemetry old = telemetry(AT.minus(Duration.ofHours(2)), 100, 7, null, 80, true);
        Classification result = classify(
                failure(Stage.AUTH, null, null, null, -70), terminal("CUP", MerchantStatus.ACTIVE), old, List.of());
        assertThat(result.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(result.evidence().rule()).isEqualTo("NO_RULE");
    }

    @Test
    void aCriticalBatteryNotChargingIsHardware() {
        Telemetry flat = telemetry(AT.minusSeconds(60), 100, 0, null, 3, false);
        assertThat(classify(failure(Stage.AUTH, null, null, null, -70), null, flat, List.of())
                        .cause())
                .isEqualTo(Cause.HARDWARE);
    }

    @ParameterizedTest(name = "cause {0} is counted as host-side: {0}")
    @EnumSource(Cause.class)
    void onlyHostCausesAreHostSide(Cause cause) {
        assertThat(cause.hostSide())
                .isEqualTo(Set.of(Cause.HOST_UNAVAILABLE, Cause.HOST_MAINTENANCE, Cause.HOST_ROUTING)
                        .contains(cause));
    }

    static Telemetry telemetry(
            Instant at,
            Integer echoRttMs,
            Integer readerErrors,
            Boolean keypadFault,
            Integer battery,
            Boolean charging) {
        return new Telemetry(
                UUID.randomUUID(),
                "T1",
                at,
                battery,
                charging,
                null,
                echoRttMs,
                Telemetry.Printer.OK,
                readerErrors,
                keypadFault,
                false,
                200,
                3600L,
                1,
                "3.2.1",
                "FW-7.4",
                null,
                null);
    }

    static SignOnAttempt withTime(SignOnAttempt a, Instant at) {
        return new SignOnAttempt(
                a.eventId(),
                a.terminalId(),
                at,
                a.hostId(),
                a.outcome(),
                a.stage(),
                a.responseCode(),
                a.transportError(),
                a.localError(),
                a.latencyMs(),
                a.attempt(),
                a.network(),
                a.appVersion(),
                a.firmwareVersion(),
                a.operatorId());
    }
}
