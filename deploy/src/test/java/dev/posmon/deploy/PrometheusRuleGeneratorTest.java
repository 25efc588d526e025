package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The PrometheusRule in the Kubernetes base is exactly what the generator makes of the rules file. */
class PrometheusRuleGeneratorTest {

    private static final String REGENERATE = "./mvnw -B -q -pl deploy -am compile dependency:build-classpath "
            + "-DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath && java -cp "
            + "\"deploy/target/classes:$(cat deploy/target/runtime.classpath)\" dev.posmon.deploy.PrometheusRuleGenerator deploy";

    @Test
    void committedPrometheusRuleIsUpToDate() throws Exception {
        String rules = Files.readString(Tools.DEPLOY.resolve(PrometheusRuleGenerator.SOURCE));
        String committed = Files.readString(Tools.DEPLOY.resolve(PrometheusRuleGenerator.TARGET));
        assertThat(committed)
                .as(
                        "deploy/%s is stale: regenerate it from deploy/%s with%n  %s",
                        PrometheusRuleGenerator.TARGET, PrometheusRuleGenerator.SOURCE, REGENERATE)
                .isEqualTo(PrometheusRuleGenerator.render(rules));
    }

    @Test
    void specGroupsAreTheRulesFileGroups() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode rules = yaml.readTree(
                Tools.DEPLOY.resolve(PrometheusRuleGenerator.SOURCE).toFile());
        JsonNode resource = yaml.readTree(
                PrometheusRuleGenerator.render(Files.readString(Tools.DEPLOY.resolve(PrometheusRuleGenerator.SOURCE))));
        assertThat(resource.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(resource.path("spec").path("groups")).isEqualTo(rules.path("groups"));
        assertThat(rules.path("groups").size()).isGreaterThan(0);
    }

    @Test
    void refusesAFileWithoutGroups() {
        assertThatThrownBy(() -> PrometheusRuleGenerator.render("# nothing here\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
