package dev.posmon.analytics.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.TestEvents;
import dev.posmon.analytics.classify.CodeTables;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemediesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T09:30:00Z");
    private static final TerminalRecord SHENZHEN = new TerminalRecord(
            "T1", "M1", "440305", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Shanghai", MerchantStatus.FROZEN);

    private static final CodeTables TABLES = CodeTables.load(Optional.empty());

    private static TerminalState failing(Cause cause, Map<String, String> evidence, int failures) {
        AttemptSummary last = new AttemptSummary(
                "e1",
                NOW.minusSeconds(30),
                "H1",
                "FAILURE",
                "AUTH",
                evidence.get("responseCode"),
                evidence.get("transportError"),
                evidence.get("localError"),
                -85,
                "3.2.1",
                "FW-7.4",
                cause,
                new Evidence("CODE_TABLE", evidence));
        return new TerminalState(
                "T1",
                "440000",
                "H1",
                NOW.minusSeconds(30),
                NOW.minusSeconds(3600),
                NOW.minusSeconds(600),
                failures,
                cause,
                List.of(),
                Health.OK,
                null,
                List.of(last));
    }

    private static Diagnosis diagnose(TerminalState state, Language language) {
        return Remedies.diagnose("T1", state, SHENZHEN, null, NOW, "here:8081", language, TABLES);
    }

    @Test
    void everyAdviceTextExistsInEveryLanguage() {
        assertThat(Texts.problems(Remedies.class, "advice")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Cause.class)
    void everyCauseIsAdvisedInChineseAndEnglish(Cause cause) {
        TerminalState state = failing(cause, Map.of("responseCode", "96", "meaning", "system malfunction"), 3);
        Advice zh = diagnose(state, Language.ZH_CN).advice();
        Advice en = diagnose(state, Language.EN).advice();

        assertThat(zh.summary()).startsWith("连续 3 次签到失败");
        assertThat(en.summary()).startsWith("3 failed sign-ons in a row");
        for (Advice advice : List.of(zh, en)) {
            assertThat(List.of(advice.summary(), advice.merchant(), advice.support()))
                    .allSatisfy(text -> assertThat(text).isNotBlank().doesNotContain("{"));
        }
        assertThat(zh.merchant()).as("Chinese, not English").containsPattern("\\p{IsHan}");
    }

    private static Telemetry screen(Telemetry.Display display) {
        return TestEvents.telemetry("T1", NOW.minusSeconds(120), display);
    }

    @Test
    void aDisplayAnomalyAfterASuccessfulSignOnIsAdvisedByWhatTheScreenShowed() {
        TerminalState ok = failing(Cause.UNKNOWN, Map.of(), 0);
        Diagnosis blank = Remedies.diagnose(
                "T1", ok, SHENZHEN, screen(Telemetry.Display.BLANK), NOW, "here", Language.ZH_CN, TABLES);
        assertThat(blank.status()).isEqualTo("SIGNING_ON");
        assertThat(blank.advice().summary())
                .as("when, on the terminal's clock")
                .startsWith("签到正常，但 ")
                .contains("17:28")
                .endsWith("时屏幕黑屏：屏幕面板、背光或供电故障。");
        assertThat(blank.advice().support()).contains("维修屏幕").contains("M1");
        Diagnosis name = Remedies.diagnose(
                "T1", ok, SHENZHEN, screen(Telemetry.Display.WRONG_MERCHANT_NAME), NOW, "here", Language.EN, TABLES);
        assertThat(name.advice().merchant()).startsWith("Do not trade until it shows your name");
        assertThat(name.advice().support())
                .contains("terminal management system")
                .contains("merchant M1's record");
        Diagnosis garbled = Remedies.diagnose(
                "T1", ok, SHENZHEN, screen(Telemetry.Display.GARBLED), NOW, "here", Language.EN, TABLES);
        assertThat(garbled.advice().support()).contains("from version 3.2.1");
        assertThat(Remedies.diagnose("T1", ok, SHENZHEN, screen(Telemetry.Display.OK), NOW, "here", Language.EN, TABLES)
                        .advice()
                        .summary())
                .isEqualTo("Signing on normally.");
    }

    @Test
    void aDisplayFaultOrAMerchantNameMismatchThatStopsTheSignOnHasItsOwnRemedy() {
        Diagnosis display = diagnose(failing(Cause.HARDWARE, Map.of("localError", "DISPLAY_FAULT"), 2), Language.EN);
        assertThat(display.advice().support())
                .isEqualTo("Repair the screen (panel, backlight or cable) or replace the terminal.");
        Diagnosis name =
                diagnose(failing(Cause.SOFTWARE, Map.of("localError", "MERCHANT_NAME_MISMATCH"), 1), Language.ZH_CN);
        assertThat(name.advice().summary()).isEqualTo("连续 1 次签到失败：主机返回的商户与终端参数不一致，终端已停止签到。");
        assertThat(name.advice().support()).contains("M1");
    }

    @Test
    void aHostOutageBlamesTheHostInTheCallersLanguage() {
        TerminalState state = failing(Cause.HOST_UNAVAILABLE, Map.of("responseCode", "96"), 1);

        Diagnosis zh = diagnose(state, Language.ZH_CN);
        assertThat(zh.advice().summary()).isEqualTo("连续 1 次签到失败：主机 H1 无应答（应答码 96）。");
        assertThat(zh.advice().merchant()).isEqualTo("终端无需处理：收单机构主机故障，请稍后再试。");
        assertThat(zh.province()).isEqualTo("广东省");
        assertThat(zh.city()).isEqualTo("深圳市");
        assertThat(zh.place()).isEqualTo("广东省深圳市");
        assertThat(zh.language()).isEqualTo("zh-CN");

        Diagnosis en = diagnose(state, Language.EN);
        assertThat(en.advice().summary()).isEqualTo("1 failed sign-on in a row: host H1 is not answering (code 96).");
        assertThat(en.advice().merchant())
                .isEqualTo("Nothing to do at the terminal: the acquirer's host is down. Try again later.");
        assertThat(en.province()).isEqualTo("Guangdong");
        assertThat(en.city()).isEqualTo("Shenzhen");
        assertThat(en.place()).isEqualTo("Shenzhen, Guangdong");
    }

    @Test
    void theEndOfAnAnnouncedMaintenanceIsGivenOnTheTerminalsClockRoundedUp() {
        TerminalState state = failing(
                Cause.HOST_MAINTENANCE,
                Map.of("windowId", "mw-1", "windowEnd", "2026-12-06T10:14:20Z", "responseCode", "90"),
                2);

        assertThat(diagnose(state, Language.ZH_CN).advice().merchant())
                .isEqualTo("请等到维护结束（2026-12-06 18:15（北京时间））后再签到。");
        assertThat(diagnose(state, Language.EN).advice().merchant())
                .isEqualTo("Wait for the maintenance to end at 2026-12-06 18:15 Beijing time, then sign on again.");
    }

    @Test
    void aNetworkFailureDuringAnnouncedCarrierWorksSaysWhenTheyEnd() {
        TerminalState state = failing(
                Cause.NETWORK,
                Map.of("transportError", "CONNECT_TIMEOUT", "worksWindow", "ics-1", "worksEnd", "2026-12-06T10:14:20Z"),
                3);

        Diagnosis zh = diagnose(state, Language.ZH_CN);
        assertThat(zh.advice().summary()).isEqualTo("连续 3 次签到失败：网络故障，运营商已公告在 2026-12-06 18:15（北京时间） 前进行网络维护。");
        assertThat(zh.advice().merchant())
                .isEqualTo("运营商已公告网络维护，预计 2026-12-06 18:15（北京时间） 结束：请在此之后重新签到，或现在切换到其他网络（SIM 卡、Wi-Fi）。");
        assertThat(diagnose(state, Language.EN).advice().support())
                .isEqualTo("Announced carrier works (window ics-1, until 2026-12-06 18:15 Beijing time): planned, no "
                        + "action unless they overrun.");
    }

    @Test
    void aTerminalOutsideChinaSeesItsOwnOffset() {
        TerminalRecord kolkata = new TerminalRecord(
                "T1", "M1", "650102", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Kolkata", MerchantStatus.ACTIVE);
        TerminalState state =
                failing(Cause.HOST_MAINTENANCE, Map.of("windowId", "mw-1", "windowEnd", "2026-12-06T10:14:00Z"), 2);

        assertThat(Remedies.diagnose("T1", state, kolkata, null, NOW, "here:8081", Language.EN, TABLES)
                        .advice()
                        .merchant())
                .isEqualTo("Wait for the maintenance to end at 2026-12-06 15:44 UTC+05:30, then sign on again.");
    }

    @Test
    void aResponseCodeMeansWhatItsNetworksTableSaysInTheLanguage() {
        TerminalState state = failing(
                Cause.HOST_UNAVAILABLE,
                Map.of("responseCode", "96", "profile", "CUP", "meaning", "System malfunction"),
                2);

        assertThat(diagnose(state, Language.ZH_CN).advice().summary()).isEqualTo("连续 2 次签到失败：主机 H1 无应答（应答码 96：系统故障）。");
        assertThat(diagnose(state, Language.EN).advice().summary())
                .isEqualTo("2 failed sign-ons in a row: host H1 is not answering (code 96: System malfunction).");
        // a table without Chinese meanings (ISO87) gives its own
        TerminalState iso = failing(
                Cause.HOST_UNAVAILABLE,
                Map.of("responseCode", "96", "profile", "ISO87", "meaning", "System malfunction"),
                2);
        assertThat(diagnose(iso, Language.ZH_CN).advice().summary()).endsWith("（应答码 96：System malfunction）。");
    }

    private static TerminalState failingRun(int failures, Instant first, Instant last) {
        TerminalState one = failing(Cause.HOST_UNAVAILABLE, Map.of("responseCode", "96"), failures);
        return new TerminalState(
                one.terminalId(),
                one.province(),
                one.hostId(),
                last,
                one.lastSuccessAt(),
                first,
                failures,
                one.currentCause(),
                one.recentSignOns(),
                one.health(),
                one.healthSince(),
                one.recentAttempts());
    }

    @Test
    void aTerminalRetryingEveryFewSecondsIsARetryStormToSwitchOff() {
        // 41 failures from 09:20:00 to 09:28:00 UTC: one every 12 s
        TerminalState storm = failingRun(41, NOW.minusSeconds(600), NOW.minusSeconds(120));

        Diagnosis zh = diagnose(storm, Language.ZH_CN);
        assertThat(zh.retryStorm()).isEqualTo(new RetryStorm(41, NOW.minusSeconds(600), 12));
        assertThat(zh.advice().summary())
                .isEqualTo("连续 41 次签到失败：主机 H1 无应答（应答码 96）。终端每 12 秒重试一次：自 2026-12-06 17:20（北京时间）起已连续失败 41 次。");
        assertThat(zh.advice().merchant()).endsWith("在故障排除前请先关机：如此频繁地重试无济于事，还会加重主机负担。");
        Diagnosis en = diagnose(storm, Language.EN);
        assertThat(en.advice().summary())
                .endsWith(
                        " The terminal retries every 12 s: 41 failed sign-ons in a row since 2026-12-06 17:20 Beijing time.");
        assertThat(en.advice().support())
                .endsWith(" A retry storm: check the terminal's retry policy (a failed sign-on should back off).");
    }

    @Test
    void failuresAMinuteOrMoreApartOrFewerThanTenAreNoStorm() {
        assertThat(diagnose(failingRun(14, NOW.minusSeconds(40 * 60), NOW.minusSeconds(60)), Language.EN)
                        .retryStorm())
                .as("14 failures 3 minutes apart")
                .isNull();
        assertThat(diagnose(failingRun(9, NOW.minusSeconds(80), NOW), Language.EN)
                        .retryStorm())
                .as("9 failures 10 s apart")
                .isNull();
        assertThat(diagnose(failingRun(10, NOW.minusSeconds(90), NOW), Language.EN)
                        .retryStorm())
                .as("10 failures 10 s apart")
                .isEqualTo(new RetryStorm(10, NOW.minusSeconds(90), 10));
    }

    @Test
    void aFrozenMerchantIsNamedInTheLanguage() {
        TerminalState state = failing(Cause.MERCHANT_ACCOUNT, Map.of("responseCode", "03"), 4);

        assertThat(diagnose(state, Language.ZH_CN).advice().summary()).contains("商户账户已冻结");
        assertThat(diagnose(state, Language.EN).advice().summary()).contains("the merchant account is frozen");
    }

    @Test
    void aTerminalNeverSeenIsExplainedInTheLanguage() {
        Diagnosis zh = Remedies.diagnose("T9", null, null, null, NOW, "here:8081", Language.ZH_CN, TABLES);
        assertThat(zh.status()).isEqualTo("NO_ATTEMPTS_SEEN");
        assertThat(zh.advice().summary()).isEqualTo("posmon 既没有终端 T9 的登记记录，也没有收到它的签到请求。");
        assertThat(zh.province()).isNull();
        assertThat(zh.city()).isNull();
        assertThat(zh.place()).isNull();
    }

    @Test
    void aSilentTerminalIsPlacedToo() {
        TerminalRecord beijing = new TerminalRecord(
                "T2", "M2", "110105", "P2000", "Acme", "H1", "ACQ-A", "CUP", "Asia/Shanghai", MerchantStatus.ACTIVE);
        Diagnosis zh = Remedies.diagnose("T2", null, beijing, null, NOW, "here:8081", Language.ZH_CN, TABLES);
        assertThat(zh.status()).isEqualTo("NO_ATTEMPTS_SEEN");
        assertThat(zh.province()).isEqualTo("北京市");
        assertThat(zh.city()).isEqualTo("北京市");
        assertThat(zh.place()).as("a municipality once").isEqualTo("北京市");
        Diagnosis en = Remedies.diagnose("T2", null, beijing, null, NOW, "here:8081", Language.EN, TABLES);
        assertThat(en.place()).isEqualTo("Beijing");
    }
}
