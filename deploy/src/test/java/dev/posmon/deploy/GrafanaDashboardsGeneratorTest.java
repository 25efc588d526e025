package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' ConfigMaps in the Kubernetes base are exactly what the generator makes of grafana/dashboards, in
 * both languages; and every dashboard of either language lets a tenant's on-call see its own acquirer's traffic.
 */
class GrafanaDashboardsGeneratorTest {

    /** Dashboards about the platform, whose series know no tenant: no acquirer variable, and none of its series. */
    private static final Set<String> PLATFORM = Set.of("posmon-pipeline", "posmon-pipeline-zh");
    /** analytics' counters that carry the acquirer label. */
    private static final Pattern ACQUIRER_SERIES =
            Pattern.compile("(posmon_signon_attempts_total|posmon_signon_transport_errors_total)(\\{[^}]*})?");
    /** Recording rules over the attempts, which summed the acquirer away. */
    private static final Pattern SUMMED_RULES =
            Pattern.compile("\\b(fleet|host|province|cause):posmon_signon_(success|attempts|failures|host_errors):");

    private static final String SQL_ROLLUP_FILTER = "acquirer ~ '^(${acquirer:regex})$'";
    private static final String SQL_INCIDENT_FILTER =
            "acquirers, '{}'), '{UNKNOWN}')) AS a(acquirer) " + "WHERE a.acquirer ~ '^(${acquirer:regex})$')";

    private static final String REGENERATE = "./mvnw -B -q -pl deploy -am compile dependency:build-classpath "
            + "-DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath && java -cp "
            + "\"deploy/target/classes:$(cat deploy/target/runtime.classpath)\" dev.posmon.deploy.GrafanaDashboardsGenerator deploy";

    @Test
    void committedConfigMapsAreUpToDate() throws Exception {
        String committed = Files.readString(Tools.DEPLOY.resolve(GrafanaDashboardsGenerator.TARGET));
        assertThat(committed)
                .as(
                        "deploy/%s is stale: regenerate it from grafana/dashboards with%n  %s",
                        GrafanaDashboardsGenerator.TARGET, REGENERATE)
                .isEqualTo(GrafanaDashboardsGenerator.render(GrafanaDashboardsGenerator.read(Tools.DEPLOY)));
    }

    @Test
    void eachDashboardIsALabelledConfigMapCarryingTheFileVerbatim() throws Exception {
        Map<String, String> dashboards = GrafanaDashboardsGenerator.read(Tools.DEPLOY);
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(12);
        assertThat(dashboards.keySet().stream().filter(file -> file.endsWith("-zh.json")))
                .as("a Chinese twin per English dashboard")
                .hasSize(dashboards.size() / 2);
        List<JsonNode> configMaps = new YAMLMapper()
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(GrafanaDashboardsGenerator.render(dashboards))
                .readAll();
        assertThat(configMaps).hasSize(dashboards.size());
        ObjectMapper json = new ObjectMapper();
        for (JsonNode configMap : configMaps) {
            assertThat(configMap.path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(configMap
                            .path("metadata")
                            .path("labels")
                            .path("grafana_dashboard")
                            .asText())
                    .isEqualTo("1");
            String file = configMap.path("data").fieldNames().next();
            assertThat(configMap.path("metadata").path("name").asText())
                    .isEqualTo(GrafanaDashboardsGenerator.NAME_PREFIX + file.replace(".json", ""));
            assertThat(configMap.path("data").path(file).asText()).as(file).isEqualTo(dashboards.get(file));
            assertThat(json.readTree(configMap.path("data").path(file).asText())
                            .path("uid")
                            .asText())
                    .startsWith("posmon-");
        }
    }

    @Test
    void everyTenantDashboardHasTheAcquirerVariableFirst() throws Exception {
        Map<String, JsonNode> dashboards = dashboards();
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(12);
        dashboards.forEach((uid, dashboard) -> {
            JsonNode variables = dashboard.path("templating").path("list");
            List<String> names = variables.findValuesAsText("name");
            if (PLATFORM.contains(uid)) {
                assertThat(names).as(uid).doesNotContain("acquirer");
                return;
            }
            assertThat(names).as("%s: acquirer first", uid).startsWith("acquirer");
            JsonNode acquirer = variables.get(0);
            assertThat(acquirer.path("type").asText()).isEqualTo("query");
            assertThat(acquirer.path("datasource").path("uid").asText()).isEqualTo("posmon-prometheus");
            assertThat(acquirer.path("definition").asText())
                    .isEqualTo("label_values(posmon_signon_attempts_total, acquirer)");
            assertThat(acquirer.path("query").path("query").asText())
                    .isEqualTo(acquirer.path("definition").asText());
            assertThat(acquirer.path("multi").asBoolean())
                    .as("%s: multi-value", uid)
                    .isTrue();
            assertThat(acquirer.path("includeAll").asBoolean())
                    .as("%s: All", uid)
                    .isTrue();
            assertThat(acquirer.path("allValue").asText()).isEqualTo(".*");
            assertThat(acquirer.path("label").asText()).isNotBlank();
        });
    }

    @Test
    void everyQueryOnTheAcquirersSeriesOrTablesFiltersByTheVariable() throws Exception {
        List<String> unfiltered = new ArrayList<>();
        dashboards()
                .forEach((uid, dashboard) -> queries(dashboard).forEach((where, query) -> {
                    Matcher series = ACQUIRER_SERIES.matcher(query);
                    while (series.find()) {
                        if (series.group(2) == null || !series.group(2).contains("acquirer=~\"$acquirer\"")) {
                            unfiltered.add(uid + " / " + where + ": " + series.group());
                        }
                    }
                    if (SUMMED_RULES.matcher(query).find()) {
                        unfiltered.add(uid + " / " + where + ": a recording rule without the acquirer: " + query);
                    }
                    if (query.contains("hourly_rollup") && !query.contains(SQL_ROLLUP_FILTER)) {
                        unfiltered.add(uid + " / " + where + ": hourly_rollup without " + SQL_ROLLUP_FILTER);
                    }
                    if (query.matches("(?s).*FROM incident\\b.*") && !query.contains(SQL_INCIDENT_FILTER)) {
                        unfiltered.add(uid + " / " + where + ": incident without the acquirers filter");
                    }
                    if (query.contains("${acquirer:sqlstring}")) {
                        unfiltered.add(
                                uid + " / " + where + ": ${acquirer:sqlstring} reads IN (.*) when All is chosen");
                    }
                }));
        assertThat(unfiltered).isEmpty();
    }

    @Test
    void aPanelThatCannotFilterByAcquirerSaysItShowsAllAcquirers() throws Exception {
        List<String> silent = new ArrayList<>();
        dashboards().forEach((uid, dashboard) -> {
            if (PLATFORM.contains(uid)) {
                return;
            }
            String allAcquirers = uid.endsWith("-zh") ? "全部收单机构" : "All acquirers";
            for (JsonNode panel : panels(dashboard.path("panels"), new ArrayList<>())) {
                boolean filters =
                        panel.path("targets").findValuesAsText("expr").stream().anyMatch(q -> q.contains("$acquirer"))
                                || panel.path("targets").findValuesAsText("rawSql").stream()
                                        .anyMatch(q -> q.contains("${acquirer:"));
                if (!filters && !panel.path("description").asText().contains(allAcquirers)) {
                    silent.add(uid + " / " + panel.path("id").asText() + " "
                            + panel.path("title").asText());
                }
            }
        });
        assertThat(silent)
                .as("panels not filtered by $acquirer whose description does not say so")
                .isEmpty();
    }

    @Test
    void theAcquirerFilterCheckCatchesAnUnfilteredPanel() {
        assertThat(ACQUIRER_SERIES
                        .matcher("sum(rate(posmon_signon_attempts_total[5m]))")
                        .find())
                .isTrue();
        Matcher filtered = ACQUIRER_SERIES.matcher(
                "sum(rate(posmon_signon_transport_errors_total{acquirer=~\"$acquirer\",province=~\"$province\"}[5m]))");
        assertThat(filtered.find()).isTrue();
        assertThat(filtered.group(2)).contains("acquirer=~\"$acquirer\"");
        assertThat(SUMMED_RULES
                        .matcher("host:posmon_signon_success:ratio_rate5m{host=~\"$host\"}")
                        .find())
                .isTrue();
        assertThat(SUMMED_RULES
                        .matcher("fleet:posmon_ingest_events_rejected:ratio_rate5m")
                        .find())
                .isFalse();
        assertThat(SUMMED_RULES
                        .matcher("fleet:posmon_signon_lag_seconds:p50_rate5m")
                        .find())
                .as("the lag has no acquirer to filter by")
                .isFalse();
    }

    @Test
    void theBaseKustomizationIncludesThem() throws Exception {
        JsonNode kustomization = new YAMLMapper()
                .readTree(Tools.DEPLOY.resolve("k8s/base/kustomization.yaml").toFile());
        assertThat(new ObjectMapper().convertValue(kustomization.path("resources"), List.class))
                .contains(Tools.DEPLOY
                        .resolve("k8s/base")
                        .relativize(Tools.DEPLOY.resolve(GrafanaDashboardsGenerator.TARGET))
                        .toString());
    }

    /** Every dashboard of either language, uid → JSON. */
    private static Map<String, JsonNode> dashboards() throws Exception {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String text : GrafanaDashboardsGenerator.read(Tools.DEPLOY).values()) {
            JsonNode dashboard = json.readTree(text);
            dashboards.put(dashboard.path("uid").asText(), dashboard);
        }
        return dashboards;
    }

    /** Every query of a dashboard's panels and annotations, where → text. */
    private static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard.path("panels"), new ArrayList<>())) {
            for (JsonNode target : panel.path("targets")) {
                String where = "panel " + panel.path("id").asText() + " ["
                        + target.path("refId").asText() + "]";
                queries.put(
                        where,
                        target.has("expr")
                                ? target.path("expr").asText()
                                : target.path("rawSql").asText());
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.path("target").has("rawSql")) {
                queries.put(
                        "annotation " + annotation.path("name").asText(),
                        annotation.path("target").path("rawSql").asText());
            }
        }
        return queries;
    }

    private static List<JsonNode> panels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if (!panel.path("type").asText().equals("row")) {
                into.add(panel);
            }
            panels(panel.path("panels"), into);
        }
        return into;
    }

    @Test
    void refusesNoDashboardsAndFileNamesThatMakeNoConfigMapName() {
        assertThatThrownBy(() -> GrafanaDashboardsGenerator.render(Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaDashboardsGenerator.render(Map.of("Fleet Overview.json", "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
