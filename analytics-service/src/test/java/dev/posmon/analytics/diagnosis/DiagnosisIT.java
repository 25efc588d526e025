package dev.posmon.analytics.diagnosis;

import static dev.posmon.analytics.TestEvents.attempt;
import static dev.posmon.analytics.TestEvents.registered;
import static dev.posmon.analytics.TestEvents.send;
import static dev.posmon.analytics.TestEvents.telemetry;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.posmon.analytics.StreamsRunResource;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topics;
import dev.posmon.security.ConfiguredTokenResolver;
import dev.posmon.security.Roles;
import dev.posmon.testing.AccessWalk;
import dev.posmon.testing.DeskTokens;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The diagnosis API answers from the real topology's state stores, fed through the real broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StreamsRunResource.class)
class DiagnosisIT {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ConfiguredTokenResolver peer;

    static final String OPERATOR = "Bearer test-operator-token";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aTerminalFailingAtItsHostForFortyMinutesIsStuckWithTheHostToBlame() throws Exception {
        String terminal = "DX-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        send(
                Topics.SIGNON_ATTEMPTS,
                terminal,
                attempt(terminal, NOW.minus(Duration.ofMinutes(45)), Outcome.SUCCESS, "00"));
        for (int minute = 40; minute >= 1; minute -= 3) {
            send(
                    Topics.SIGNON_ATTEMPTS,
                    terminal,
                    attempt(terminal, NOW.minus(Duration.ofMinutes(minute)), Outcome.FAILURE, "96"));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .header("Accept-Language", "en-US,en;q=0.9")
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .header("Content-Language", "en")
                        .body("status", equalTo("STUCK"))
                        .body("consecutiveFailures", equalTo(14))
                        .body("currentCause", equalTo("HOST_UNAVAILABLE"))
                        .body("terminal.regionCode", equalTo("440305"))
                        .body("recentAttempts", hasSize(5))
                        .body("recentAttempts[0].evidence.rule", equalTo("CODE_TABLE"))
                        .body("advice.summary", containsString("host H1 is not answering"))
                        .body("advice.merchant", containsString("Nothing to do at the terminal"))
                        .body("province", equalTo("Guangdong"))
                        .body("city", equalTo("Shenzhen"))
                        .body("place", equalTo("Shenzhen, Guangdong"))
                        .body("language", equalTo("en"))
                        .body("answeredBy", notNullValue()));
        // in Chinese by default (posmon.analytics.default-language), by Accept-Language and by lang=
        for (var request : List.of(
                given().header("Authorization", OPERATOR),
                given().header("Authorization", OPERATOR).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"),
                given().header("Authorization", OPERATOR)
                        .header("Accept-Language", "en")
                        .queryParam("lang", "zh-CN"))) {
            request.get("/v1/terminals/" + terminal + "/diagnosis")
                    .then()
                    .statusCode(200)
                    .header("Content-Language", "zh-CN")
                    .body("status", equalTo("STUCK"))
                    .body("currentCause", equalTo("HOST_UNAVAILABLE"))
                    .body("province", equalTo("广东省"))
                    .body("city", equalTo("深圳市"))
                    .body("place", equalTo("广东省深圳市"))
                    .body("language", equalTo("zh-CN"))
                    .body("advice.summary", equalTo("连续 14 次签到失败：主机 H1 无应答（应答码 96：系统故障）。"))
                    .body("advice.merchant", equalTo("终端无需处理：收单机构主机故障，请稍后再试。"));
        }
        given().header("Authorization", OPERATOR)
                .queryParam("lang", "fr")
                .get("/v1/terminals/" + terminal + "/diagnosis")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("lang: lang must be one of zh-CN, en, not fr"));
    }

    @Test
    void failuresInsideAnAnnouncedWindowTellTheMerchantWhenToSignOnAgain() throws Exception {
        String terminal = "DX-" + UUID.randomUUID().toString().substring(0, 8);
        String host = "HM-" + UUID.randomUUID().toString().substring(0, 6);
        Instant end = NOW.plus(Duration.ofMinutes(20)).plusSeconds(20);
        // the merchant reads the end on the terminal's own clock (Asia/Shanghai), rounded up to the minute
        String beijing = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(end.truncatedTo(ChronoUnit.MINUTES)
                        .plus(1, ChronoUnit.MINUTES)
                        .atZone(ZoneId.of("Asia/Shanghai")));
        send(
                Topics.HOST_MAINTENANCE,
                "mw-" + host,
                new MaintenanceWindow(
                        "mw-" + host,
                        host,
                        NOW.minus(Duration.ofMinutes(30)),
                        end,
                        null,
                        null,
                        null,
                        "core upgrade",
                        null));
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        send(Topics.SIGNON_ATTEMPTS, terminal, failed(terminal, host, "96", null, null));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .body("status", equalTo("FAILING"))
                        .body("currentCause", equalTo("HOST_MAINTENANCE"))
                        .body("advice.merchant", equalTo("请等到维护结束（" + beijing + "（北京时间））后再签到。")));
    }

    @Test
    void networkFailuresDuringItsCarriersAnnouncedWorksTellTheMerchantWhenTheyEnd() throws Exception {
        String terminal = "DW-" + UUID.randomUUID().toString().substring(0, 8);
        String carrier = "CW" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Instant end =
                NOW.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(40)).plusSeconds(20);
        String beijing = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(end.truncatedTo(ChronoUnit.MINUTES)
                        .plus(1, ChronoUnit.MINUTES)
                        .atZone(ZoneId.of("Asia/Shanghai")));
        // the carrier's works in the terminal's province (440305 is in Guangdong), as an imported notice calendar gives
        send(
                Topics.HOST_MAINTENANCE,
                "ics-" + carrier,
                new MaintenanceWindow(
                        "ics-" + carrier,
                        null,
                        NOW.minus(Duration.ofMinutes(30)),
                        end,
                        null,
                        null,
                        "Asia/Shanghai",
                        "network works",
                        null,
                        "440000",
                        carrier,
                        null,
                        "gd-" + carrier.toLowerCase()));
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        send(
                Topics.SIGNON_ATTEMPTS,
                terminal,
                failed(
                        terminal,
                        null,
                        null,
                        TransportError.CONNECT_TIMEOUT,
                        new Network(Network.NetworkType._4G, carrier, -75)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .body("currentCause", equalTo("NETWORK"))
                        .body(
                                "advice.merchant",
                                equalTo("运营商已公告网络维护，预计 " + beijing + "（北京时间） 结束：请在此之后重新签到，或现在切换到其他网络（SIM 卡、Wi-Fi）。")));
    }

    /**
     * A failed sign-on of the terminal two minutes ago: to {@code host} (else the registered one) with {@code code} or
     * {@code transport}, through {@code network} (else the terminal's usual).
     */
    static SignOnAttempt failed(String terminal, String host, String code, TransportError transport, Network network) {
        SignOnAttempt base = attempt(terminal, NOW.minus(Duration.ofMinutes(2)), Outcome.FAILURE, code);
        return new SignOnAttempt(
                base.eventId(),
                terminal,
                base.occurredAt(),
                host != null ? host : base.hostId(),
                base.outcome(),
                transport != null ? Stage.CONNECT : base.stage(),
                code,
                transport,
                null,
                700,
                1,
                network != null ? network : base.network(),
                "3.2.1",
                "FW-7.4",
                null);
    }

    @Test
    void aTerminalRetryingEveryTenSecondsIsShownAsARetryStorm() throws Exception {
        String terminal = "DX-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        for (int i = 12; i >= 1; i--) {
            send(
                    Topics.SIGNON_ATTEMPTS,
                    terminal,
                    attempt(terminal, NOW.minus(Duration.ofSeconds(10L * i)), Outcome.FAILURE, "96"));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .body("consecutiveFailures", equalTo(12))
                        .body("retryStorm.failedAttempts", equalTo(12))
                        .body("retryStorm.everySeconds", equalTo(10))
                        .body("advice.summary", containsString("终端每 10 秒重试一次"))
                        .body("advice.merchant", containsString("在故障排除前请先关机")));
    }

    /**
     * A support desk bound to one acquirer reads the diagnoses of its terminals only: another acquirer's terminal and one
     * not in the registry are the same 403, whichever instance holds them.
     */
    @Test
    void aSupportDeskBoundToAnAcquirerReadsOnlyTheDiagnosesOfItsTerminals() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ours = "DA-" + run;
        String theirs = "DB-" + run;
        send(Topics.TERMINAL_REGISTRY, ours, of(registered(ours, MerchantStatus.ACTIVE), "ACQ-A-" + run));
        send(Topics.TERMINAL_REGISTRY, theirs, of(registered(theirs, MerchantStatus.ACTIVE), "ACQ-B-" + run));
        for (String terminal : List.of(ours, theirs)) {
            send(Topics.SIGNON_ATTEMPTS, terminal, attempt(terminal, NOW.minusSeconds(30), Outcome.FAILURE, "96"));
        }
        String desk = DeskTokens.issue(KafkaTestResource.bootstrapServers(), "support", "ACQ-A-" + run);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", desk)
                        .get("/v1/terminals/" + ours + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .body("consecutiveFailures", equalTo(1)));
        for (String other : List.of(theirs, "T-never-seen-" + run)) {
            given().header("Authorization", desk)
                    .get("/v1/terminals/" + other + "/diagnosis")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("detail", containsString("ACQ-A-" + run));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/" + theirs + "/diagnosis")
                        .then()
                        .statusCode(200));
    }

    static TerminalRecord of(TerminalRecord t, String acquirer) {
        return new TerminalRecord(
                t.terminalId(),
                t.merchantId(),
                t.regionCode(),
                t.model(),
                t.vendor(),
                t.hostId(),
                acquirer,
                t.networkProfile(),
                t.timezone(),
                t.merchantStatus());
    }

    /** The field guide's display anomaly: the sign-on went through, the screen shows another merchant's name. */
    @Test
    void aTerminalWhoseScreenShowsAnotherMerchantsNameIsToldNotToTrade() throws Exception {
        String terminal = "DW-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        send(Topics.SIGNON_ATTEMPTS, terminal, attempt(terminal, NOW.minusSeconds(90), Outcome.SUCCESS, "00"));
        send(
                Topics.DEVICE_TELEMETRY,
                terminal,
                telemetry(terminal, NOW.minusSeconds(60), Telemetry.Display.WRONG_MERCHANT_NAME));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/" + terminal + "/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .body("status", equalTo("SIGNING_ON"))
                        .body("latestTelemetry.display", equalTo("WRONG_MERCHANT_NAME"))
                        .body("advice.merchant", containsString("在屏幕显示您的商户名之前请勿交易"))
                        .body("advice.support", containsString("M-" + terminal)));
    }

    @Test
    void aTerminalPosmonHasNeverHeardOfIs404() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", OPERATOR)
                        .get("/v1/terminals/T-never-seen/diagnosis")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(404)
                        .body("status", equalTo("NO_ATTEMPTS_SEEN")));
    }

    @Test
    void theDiagnosisNeedsAnOperatorSupportAdminOrPeerCredential() throws Exception {
        given().get("/v1/terminals/T1/diagnosis")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong")
                .get("/v1/terminals/T1/diagnosis")
                .then()
                .statusCode(401)
                .body("detail", equalTo("unknown bearer token"));
        for (String credential : List.of(
                "test-admin-token",
                "test-operator-token",
                "test-support-token",
                peer.peerToken().orElseThrow())) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().header("Authorization", "Bearer " + credential)
                            .get("/v1/terminals/T-never-seen/diagnosis")
                            .then()
                            .statusCode(404));
        }
        AccessWalk walk = new AccessWalk(base.toURI());
        assertThat(walk.operations())
                .extracting(op -> op.method() + " " + op.path())
                .contains("GET /v1/terminals/{terminalId}/diagnosis");
        assertThat(walk.violations(
                        Map.of(
                                Roles.ADMIN,
                                "test-admin-token",
                                Roles.OPERATOR,
                                "test-operator-token",
                                Roles.SUPPORT,
                                "test-support-token",
                                Roles.PEER,
                                peer.peerToken().orElseThrow()),
                        Set.of()))
                .isEmpty();
    }

    @Test
    void classifiedAttemptsAreCountedInPrometheusSeries() throws Exception {
        String terminal = "DX-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        send(
                Topics.SIGNON_ATTEMPTS,
                terminal,
                attempt(terminal, NOW.minus(Duration.ofMinutes(1)), Outcome.FAILURE, "A0"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .body(
                                containsString(
                                        "posmon_signon_attempts_total{acquirer=\"ACQ-A\",cause=\"KEY_MAC\",host=\"H1\",outcome=\"FAILURE\",province=\"440000\"}"))
                        .body(containsString("posmon_signon_lag_seconds_bucket"))
                        .body(containsString("kafka_stream")));
    }
}
