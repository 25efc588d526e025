package dev.posmon.alerting.report;

import static dev.posmon.alerting.report.ReportFixture.NOW;
import static dev.posmon.alerting.report.ReportFixture.WEEK;
import static dev.posmon.alerting.report.ReportFixture.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import dev.posmon.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The weekly report in Chinese and English: the same figures, every text from the bundle {@code report}. */
class ReportLanguageTest {

    static WeeklyReport fixtureWeek(Language language) {
        return new ReportBuilder(ReportSettings.DEFAULTS, new MutableClock(NOW), language)
                .build(WEEK, ZONE, ReportFixture.standard().data());
    }

    @Test
    void theBundleHasEveryKeyInBothLanguages() {
        assertThat(Texts.problems(ReportBuilder.class, "report")).isEmpty();
    }

    @Test
    void everyLabelOfThePageIsInTheBundle() throws IOException {
        String template;
        try (InputStream in = ReportHtml.class.getResourceAsStream("weekly-report.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> used = new TreeSet<>();
        Matcher label = Pattern.compile("\\{t\\.(\\w+)}").matcher(template);
        while (label.find()) {
            used.add(label.group(1));
        }
        assertThat(ReportHtml.LABELS).containsAll(used);
        for (Language language : Language.values()) {
            Texts texts = ReportBuilder.texts(language);
            assertThat(ReportHtml.LABELS)
                    .allSatisfy(key -> assertThat(texts.has("html." + key))
                            .as(language + " html." + key)
                            .isTrue());
        }
    }

    @Test
    void theChineseReportSaysTheSameFiguresInChinese() {
        WeeklyReport zh = fixtureWeek(Language.ZH_CN);
        WeeklyReport en = fixtureWeek(Language.EN);
        assertThat(zh.fleet()).as("the figures, and no note on this week").isEqualTo(en.fleet());
        assertThat(zh.headlines().get(0)).isEqualTo("签到成功率 98.98 %，共 23,255 次签到，比 2026-W46（98.00 %）上升 0.98 个百分点。");
        assertThat(zh.completeness().text()).isEqualTo("168 个小时中有 13 个小时无数据：周二 02:00–14:00, 周四 09:00–10:00。");
        assertThat(zh.byProvince()).extracting(WeeklyReport.Breakdown::label).contains("440000 广东省");
        assertThat(en.byProvince()).extracting(WeeklyReport.Breakdown::label).contains("440000 Guangdong");
        assertThat(zh.terminalsNote()).isEqualTo("本周有 5 台终端曾无法签到或反复签到，其中 1 台没有已知商户。");
        assertThat(zh.incidents().get(2).scopeText()).isEqualTo("province=440000 广东省, carrier=CMCC");
        assertThat(zh.causes()).as("causes stay the cube's stable names").isEqualTo(en.causes());
    }

    @Test
    void theChinesePageHasNoEnglishLabel() {
        String zh = ReportHtml.render(fixtureWeek(Language.ZH_CN), Language.ZH_CN);
        String en = ReportHtml.render(fixtureWeek(Language.EN), Language.EN);
        assertThat(zh)
                .contains("<html lang=\"zh-CN\">", "签到可靠性周报 2026-W47", "数据完整性", "失败原因：本周各原因的失败占比")
                .contains("11月16日（周一）00:00")
                .doesNotContain("Weekly reliability report", "Data completeness", "sign-on success", "hours with data");
        assertThat(en)
                .contains("<html lang=\"en\">", "Weekly reliability report 2026-W47", "Data completeness")
                .contains("Mon 16 Nov 00:00")
                .doesNotContain("签到");
    }
}
