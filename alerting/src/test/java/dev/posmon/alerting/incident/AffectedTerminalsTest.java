package dev.posmon.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.i18n.Language;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of the list of the terminals an incident hit, in JSON and CSV; the query itself is TenantsIT's. */
class AffectedTerminalsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

    private static AffectedTerminals.Terminal terminal(String id, String province, String region) {
        return new AffectedTerminals.Terminal(
                id,
                "M-" + id,
                "ACQ-A",
                province,
                region,
                "H1",
                "CMCC",
                "P2000",
                "FW-7.4",
                "3.4.1",
                T0,
                "HOST_UNAVAILABLE",
                "RECOVERED",
                T0.plusSeconds(200),
                T0.plusSeconds(200));
    }

    @Test
    void theCityFollowsTheProvinceAndTheColumnsBeforeKeepTheirPlace() {
        assertThat(AffectedTerminals.COLUMNS)
                .containsExactly(
                        "terminalId",
                        "merchantId",
                        "acquirer",
                        "province",
                        "provinceName",
                        "city",
                        "cityName",
                        "host",
                        "carrier",
                        "model",
                        "firmware",
                        "app",
                        "firstFailedAt",
                        "lastCause",
                        "state",
                        "stateSince",
                        "recoveredAt");
    }

    @Test
    void namesTheProvinceAndTheCityInTheLanguage() {
        Map<String, Object> en = AffectedTerminals.json(terminal("T1", "440000", "440305"), Language.EN);
        assertThat(en.keySet()).containsExactlyElementsOf(AffectedTerminals.COLUMNS);
        assertThat(en)
                .containsEntry("province", "440000")
                .containsEntry("provinceName", "Guangdong")
                .containsEntry("city", "440300")
                .containsEntry("cityName", "Shenzhen")
                .containsEntry("host", "H1")
                .containsEntry("app", "3.4.1")
                .containsEntry("recoveredAt", "2026-12-06T02:03:20Z");
        Map<String, Object> zh = AffectedTerminals.json(terminal("T1", "440000", "440305"), Language.ZH_CN);
        assertThat(zh).containsEntry("provinceName", "广东省").containsEntry("cityName", "深圳市");
        assertThat(AffectedTerminals.json(terminal("T2", "110000", "110105"), Language.ZH_CN))
                .as("a municipality's district")
                .containsEntry("city", "110100")
                .containsEntry("cityName", "北京市");
        assertThat(AffectedTerminals.json(terminal("T3", "420000", "429004"), Language.EN))
                .as("a county-level city directly under its province")
                .containsEntry("city", "429004")
                .containsEntry("cityName", "Xiantao");
    }

    @Test
    void aFailureRecordedWithoutItsRegionHasNoCity() {
        Map<String, Object> before = AffectedTerminals.json(terminal("T1", "440000", null), Language.EN);
        assertThat(before).doesNotContainKeys("city", "cityName").containsEntry("provinceName", "Guangdong");
        Map<String, Object> unregistered = AffectedTerminals.json(terminal("T2", "UNKNOWN", "UNKNOWN"), Language.EN);
        assertThat(unregistered)
                .as("an unregistered terminal, like its province")
                .containsEntry("provinceName", "UNKNOWN")
                .containsEntry("city", "UNKNOWN")
                .containsEntry("cityName", "UNKNOWN");
    }

    @Test
    void theCsvHasTheSameColumnsAndAnEmptyCellForAnUnknownCity() {
        String csv = AffectedTerminals.csv(List.of(
                AffectedTerminals.json(terminal("T1", "440000", "440305"), Language.ZH_CN),
                AffectedTerminals.json(terminal("T2", "440000", null), Language.ZH_CN)));
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", AffectedTerminals.COLUMNS));
        assertThat(lines.get(1)).startsWith("T1,M-T1,ACQ-A,440000,广东省,440300,深圳市,H1,CMCC,");
        assertThat(lines.get(2)).startsWith("T2,M-T2,ACQ-A,440000,广东省,,,H1,CMCC,");
    }
}
