package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboards' ConfigMaps in the Kubernetes base are exactly what the generator makes of grafana/dashboards. */
class GrafanaDashboardsGeneratorTest {

    private static final String REGENERATE = "./mvnw -B -q -pl deploy compile && java -cp deploy/target/classes "
            + "dev.posmon.deploy.GrafanaDashboardsGenerator deploy";

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
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(6);
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
    void theBaseKustomizationIncludesThem() throws Exception {
        JsonNode kustomization = new YAMLMapper()
                .readTree(Tools.DEPLOY.resolve("k8s/base/kustomization.yaml").toFile());
        assertThat(new ObjectMapper().convertValue(kustomization.path("resources"), List.class))
                .contains(Tools.DEPLOY
                        .resolve("k8s/base")
                        .relativize(Tools.DEPLOY.resolve(GrafanaDashboardsGenerator.TARGET))
                        .toString());
    }

    @Test
    void refusesNoDashboardsAndFileNamesThatMakeNoConfigMapName() {
        assertThatThrownBy(() -> GrafanaDashboardsGenerator.render(Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaDashboardsGenerator.render(Map.of("Fleet Overview.json", "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
