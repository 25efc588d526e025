package dev.posmon.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActionsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

    private static Finding finding(Map<String, String> scope, long attempts, long failures) {
        return new Finding(
                T0,
                T0.plusSeconds(60),
                scope,
                attempts,
                failures,
                1.0,
                failures,
                Map.of(Cause.HOST_UNAVAILABLE, failures),
                Map.of("96", failures),
                Map.of());
    }

    private static String action(IncidentKind kind, Map<String, String> scope, Finding finding, Language language) {
        return Actions.of(kind, scope, new MaintenanceCalendar(), finding, language);
    }

    @Test
    void everyActionTextExistsInEveryLanguage() {
        assertThat(Texts.problems(Actions.class, "actions")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IncidentKind.class)
    void everyKindHasAnActionInChineseAndEnglish(IncidentKind kind) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("province", "440000");
        scope.put("host", "H3");
        Finding finding = finding(scope, 600, 300);

        String zh = action(kind, scope, finding, Language.ZH_CN);
        String en = action(kind, scope, finding, Language.EN);

        assertThat(zh).containsPattern("\\p{IsHan}").doesNotContain("{");
        assertThat(en).doesNotContainPattern("\\p{IsHan}").doesNotContain("{");
    }

    @Test
    void aStoppedHostIsNamedWithItsEvidence() {
        Map<String, String> scope = Map.of("host", "H3");
        Finding stopped = finding(scope, 600, 600);

        assertThat(action(IncidentKind.HOST_OUTAGE, scope, stopped, Language.ZH_CN))
                .startsWith("收单主机 H3 已停止服务：所有到它的签到都失败（96）。");
        assertThat(action(IncidentKind.HOST_OUTAGE, scope, stopped, Language.EN))
                .startsWith("Acquirer host H3 has stopped: every sign-on to it fails (96).");
    }

    @Test
    void aHardwareWaveAsksForRepairsNotARollback() {
        Map<String, String> scope = Map.of("model", "A920");
        Finding readers = new Finding(
                T0,
                T0.plusSeconds(60),
                scope,
                500,
                200,
                5.0,
                150,
                Map.of(Cause.HARDWARE, 200L),
                Map.of("CARD_READER_FAULT", 200L),
                Map.of());

        assertThat(action(IncidentKind.HARDWARE_WAVE, scope, readers, Language.EN))
                .startsWith("Hardware faults concentrated on model=A920 (CARD_READER_FAULT): ")
                .contains("Do not roll back software.");
        assertThat(action(IncidentKind.HARDWARE_WAVE, scope, readers, Language.ZH_CN))
                .startsWith("硬件故障集中在 model=A920（CARD_READER_FAULT）");
    }

    @Test
    void aProvinceInTheScopeIsNamedInTheLanguage() {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("province", "440000");
        scope.put("carrier", "CMCC");
        Finding finding = finding(scope, 600, 300);

        assertThat(action(IncidentKind.NETWORK_OUTAGE, scope, finding, Language.ZH_CN))
                .startsWith("province=440000 广东省, carrier=CMCC 网络故障：");
        assertThat(action(IncidentKind.NETWORK_OUTAGE, scope, finding, Language.EN))
                .isEqualTo("Network outage in province=440000 Guangdong, carrier=CMCC: check the carrier's status and"
                        + " the APN; advise merchants to switch network.");
    }
}
