package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Chinese dashboards are the English ones with every text a person reads translated, nothing else changed but
 * their uid, language tag and links; the bundle has a translation for every text and none for a text that no longer
 * exists; the committed Chinese files are what the generator writes.
 */
class GrafanaDashboardTranslatorTest {

    private static final String REGENERATE = "./mvnw -B -q -pl deploy -am compile dependency:build-classpath "
            + "-DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath && java -cp "
            + "\"deploy/target/classes:$(cat deploy/target/runtime.classpath)\" dev.posmon.deploy.GrafanaDashboardsGenerator deploy";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DASHBOARD = """
            {
              "uid": "posmon-test",
              "title": "posmon / Test",
              "description": "",
              "tags": [
                "posmon",
                "en"
              ],
              "templating": {
                "list": [
                  {
                    "name": "acquirer",
                    "label": "Acquirer",
                    "query": "label_values(posmon_signon_attempts_total, acquirer)"
                  }
                ]
              },
              "annotations": {
                "list": [
                  {
                    "builtIn": 1,
                    "name": "Annotations & Alerts"
                  },
                  {
                    "name": "Maintenance windows"
                  }
                ]
              },
              "links": [
                {
                  "title": "posmon",
                  "type": "dashboards",
                  "tags": [
                    "posmon",
                    "en"
                  ]
                },
                {
                  "title": "中文",
                  "type": "link",
                  "url": "/d/posmon-test-zh",
                  "tooltip": "这个仪表盘的中文版"
                }
              ],
              "panels": [
                {
                  "id": 7,
                  "type": "row",
                  "title": "alerting's",
                  "panels": [
                    {
                      "id": 8,
                      "title": "Open incidents",
                      "description": "Not \\"resolved\\"",
                      "targets": [
                        {
                          "expr": "sum(x{acquirer=~\\"$acquirer\\"})",
                          "refId": "A"
                        }
                      ],
                      "gridPos": {
                        "h": 4,
                        "w": 6.5
                      },
                      "options": {}
                    }
                  ]
                }
              ]
            }
            """;

    private static final Map<String, String> BUNDLE = Map.of(
            "posmon-test.title", "posmon / 测试",
            "posmon-test.variable.acquirer.label", "收单机构",
            "posmon-test.annotation.maintenance-windows.name", "维护窗口",
            "posmon-test.panel.7.title", "alerting 的",
            "posmon-test.panel.8.title", "未关闭的事件",
            "posmon-test.panel.8.description", "未“解决”");

    @Test
    void committedChineseDashboardsAreUpToDate() throws Exception {
        Map<String, String> english = GrafanaDashboardsGenerator.readEnglish(Tools.DEPLOY);
        Map<String, String> expected = GrafanaDashboardTranslator.render(
                english, GrafanaDashboardTranslator.bundle(GrafanaDashboardTranslator.readBundle(Tools.DEPLOY)));
        assertThat(expected).hasSameSizeAs(english);
        assertThat(GrafanaDashboardTranslator.readChinese(Tools.DEPLOY))
                .as(
                        "grafana/dashboards/zh-CN is stale: regenerate it from grafana/dashboards and "
                                + "grafana/i18n/dashboards_zh_CN.properties with%n  %s",
                        REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void theBundleTranslatesEveryTextOfEveryDashboardAndNothingElse() throws Exception {
        String bundleText = GrafanaDashboardTranslator.readBundle(Tools.DEPLOY);
        assertThat(GrafanaDashboardTranslator.problems(
                        GrafanaDashboardsGenerator.readEnglish(Tools.DEPLOY),
                        GrafanaDashboardTranslator.bundle(bundleText),
                        bundleText))
                .as("grafana/i18n/dashboards_zh_CN.properties against grafana/dashboards/*.json")
                .isEmpty();
    }

    @Test
    void everyTitleDescriptionRowVariableLabelAndAnnotationIsATranslatableText() throws Exception {
        for (Map.Entry<String, String> dashboard :
                GrafanaDashboardsGenerator.readEnglish(Tools.DEPLOY).entrySet()) {
            JsonNode english = JSON.readTree(dashboard.getValue());
            Map<String, String> texts = GrafanaDashboardTranslator.texts(dashboard.getValue());
            List<String> expected = new ArrayList<>();
            expected.add(english.path("title").asText());
            english.path("templating")
                    .path("list")
                    .forEach(v -> expected.add(v.path("label").asText()));
            english.path("annotations").path("list").forEach(a -> {
                if (a.path("builtIn").asInt() != 1) {
                    expected.add(a.path("name").asText());
                }
            });
            panels(english.path("panels"), expected);
            assertThat(texts.values()).as(dashboard.getKey()).containsAll(expected);
        }
    }

    @Test
    void chineseDashboardsDifferFromTheEnglishOnlyInTextsUidTagAndLinks() throws Exception {
        Map<String, String> chinese = GrafanaDashboardTranslator.readChinese(Tools.DEPLOY);
        for (Map.Entry<String, String> dashboard :
                GrafanaDashboardsGenerator.readEnglish(Tools.DEPLOY).entrySet()) {
            String file = GrafanaDashboardTranslator.chineseFile(dashboard.getKey());
            assertThat(chinese).containsKey(file);
            JsonNode english = JSON.readTree(dashboard.getValue());
            JsonNode zh = JSON.readTree(chinese.get(file));
            String uid = english.path("uid").asText();
            assertThat(zh.path("uid").asText()).isEqualTo(uid + "-zh");
            assertThat(zh.path("title").asText())
                    .isNotEqualTo(english.path("title").asText());
            assertThat(JSON.convertValue(english.path("tags"), List.class)).contains("en");
            assertThat(JSON.convertValue(zh.path("tags"), List.class))
                    .contains("zh-CN")
                    .doesNotContain("en");
            assertThat(english.path("links").findValuesAsText("url"))
                    .as("%s links to its Chinese twin", dashboard.getKey())
                    .contains("/d/" + uid + "-zh");
            assertThat(zh.path("links").findValuesAsText("url"))
                    .as("%s links to its English twin", file)
                    .containsExactly("/d/" + uid);
            // Same queries, same variables' definitions, same layout: only what a person reads differs.
            for (String field : List.of("expr", "rawSql", "definition", "gridPos", "type", "datasource", "allValue")) {
                assertThat(zh.findValues(field)).as("%s: %s", file, field).isEqualTo(english.findValues(field));
            }
            assertThat(zh.size()).isEqualTo(english.size());
        }
    }

    @Test
    void translatesTextsUidTagsAndLinksAndPrintsAsTheSourceIsWritten() throws Exception {
        String translated = GrafanaDashboardTranslator.translate(DASHBOARD, BUNDLE);
        JsonNode zh = JSON.readTree(translated);
        assertThat(zh.path("uid").asText()).isEqualTo("posmon-test-zh");
        assertThat(zh.path("title").asText()).isEqualTo("posmon / 测试");
        assertThat(zh.path("description").asText())
                .as("an empty text is not translated")
                .isEmpty();
        assertThat(zh.at("/templating/list/0/label").asText()).isEqualTo("收单机构");
        assertThat(zh.at("/annotations/list/0/name").asText()).isEqualTo("Annotations & Alerts");
        assertThat(zh.at("/annotations/list/1/name").asText()).isEqualTo("维护窗口");
        assertThat(zh.at("/panels/0/title").asText()).isEqualTo("alerting 的");
        assertThat(zh.at("/panels/0/panels/0/description").asText()).isEqualTo("未“解决”");
        assertThat(zh.at("/panels/0/panels/0/targets/0/expr").asText()).isEqualTo("sum(x{acquirer=~\"$acquirer\"})");
        assertThat(JSON.convertValue(zh.path("tags"), List.class)).containsExactly("posmon", "zh-CN");
        assertThat(JSON.convertValue(zh.at("/links/0/tags"), List.class)).containsExactly("posmon", "zh-CN");
        assertThat(zh.at("/links/1/url").asText()).isEqualTo("/d/posmon-test");
        assertThat(zh.at("/links/1/title").asText()).isEqualTo("English");
        assertThat(zh.at("/links/1/tooltip").asText()).isEqualTo("This dashboard in English");
        // The layout of the source: a reviewer diffs the two files.
        assertThat(translated)
                .contains("\n  \"uid\": \"posmon-test-zh\",\n")
                .contains("\"w\": 6.5\n")
                .contains("\"options\": {}")
                .contains("\"description\": \"未“解决”\"")
                .endsWith("}\n");
        assertThat(translated.lines().count()).isEqualTo(DASHBOARD.lines().count());
    }

    @Test
    void refusesADashboardWithAnUntranslatedTextNamingEveryMissingKey() {
        Map<String, String> partial = new java.util.HashMap<>(BUNDLE);
        partial.remove("posmon-test.panel.8.description");
        partial.put("posmon-test.panel.7.title", " ");
        assertThatThrownBy(() -> GrafanaDashboardTranslator.translate(DASHBOARD, partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("posmon-test.panel.8.description")
                .hasMessageContaining("posmon-test.panel.7.title");
    }

    @Test
    void problemsAreMissingUnusedAndTwiceWrittenKeys() {
        String bundleText = """
                posmon-test.title=posmon / 测试
                posmon-test.variable.acquirer.label=收单机构
                posmon-test.annotation.maintenance-windows.name=维护窗口
                posmon-test.panel.7.title=alerting 的
                posmon-test.panel.7.title=alerting 的行
                posmon-test.panel.8.title=未关闭的事件
                posmon-test.panel.9.title=已删除的面板
                """;
        assertThat(GrafanaDashboardTranslator.problems(
                        Map.of("test.json", DASHBOARD), GrafanaDashboardTranslator.bundle(bundleText), bundleText))
                .containsExactlyInAnyOrder(
                        "missing: posmon-test.panel.8.description (test.json: \"Not \"resolved\"\")",
                        "unused: posmon-test.panel.9.title",
                        "twice: posmon-test.panel.7.title");
    }

    @Test
    void refusesPanelsWithoutIdAndDashboardsWithoutTheEnglishTag() {
        assertThatThrownBy(() ->
                        GrafanaDashboardTranslator.texts("{\"uid\": \"u\", \"panels\": [{\"title\": \"no id\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no id");
        assertThatThrownBy(() -> GrafanaDashboardTranslator.translate(
                        "{\"uid\": \"u\", \"title\": \"T\", \"tags\": [\"posmon\"]}", Map.of("u.title", "题")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not tagged en");
    }

    @Test
    void jsonParsesAndPrintsEveryCommittedDashboardByteForByte() throws Exception {
        Map<String, String> all = GrafanaDashboardsGenerator.read(Tools.DEPLOY);
        assertThat(all).hasSizeGreaterThanOrEqualTo(12);
        all.forEach((file, text) -> assertThat(GrafanaDashboardTranslator.print(GrafanaDashboardTranslator.parse(text)))
                .as(file)
                .isEqualTo(text));
        assertThat(GrafanaDashboardTranslator.print(GrafanaDashboardTranslator.parse(
                        "{\"a\": [0.50, -0.5, 12, true, null, \"\\u0001\\t\\\\/中文\"], \"b\": [], \"c\": {}}")))
                .isEqualTo("{\n  \"a\": [\n    0.50,\n    -0.5,\n    12,\n    true,\n    null,\n"
                        + "    \"\\u0001\\t\\\\/中文\"\n  ],\n  \"b\": [],\n  \"c\": {}\n}\n");
        assertThatThrownBy(() -> GrafanaDashboardTranslator.parse("{\"a\": 1} x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaDashboardTranslator.parse("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaDashboardTranslator.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void panels(JsonNode panels, List<String> texts) {
        for (JsonNode panel : panels) {
            texts.add(panel.path("title").asText());
            if (!panel.path("description").asText().isBlank()) {
                texts.add(panel.path("description").asText());
            }
            panels(panel.path("panels"), texts);
        }
    }
}
