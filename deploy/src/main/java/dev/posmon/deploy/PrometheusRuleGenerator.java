package dev.posmon.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes the prometheus-operator {@code PrometheusRule} of the Kubernetes base from the one rules source,
 * {@code deploy/prometheus/posmon-rules.yml}: its {@code groups:} become the resource's {@code spec.groups}
 * verbatim (indented, comments kept), so the cluster evaluates exactly what promtool checked and tested.
 * {@code PrometheusRuleGeneratorTest} fails when the committed copy is stale.
 *
 * <p>Run from the repository root with the module's runtime class path (deploy's classes and Jackson), as
 * deploy/README.md shows: {@code ./mvnw -B -q -pl deploy -am compile dependency:build-classpath -DincludeScope=runtime
 * -Dmdep.outputFile=target/runtime.classpath}, then {@code java -cp
 * "deploy/target/classes:$(cat deploy/target/runtime.classpath)" dev.posmon.deploy.PrometheusRuleGenerator deploy}.
 */
public final class PrometheusRuleGenerator {

    /** The rules source, relative to the deploy directory. */
    public static final Path SOURCE = Path.of("prometheus", "posmon-rules.yml");
    /** The generated resource, relative to the deploy directory. */
    public static final Path TARGET = Path.of("k8s", "base", "monitoring", "prometheusrule.yaml");

    private PrometheusRuleGenerator() {}

    /** The PrometheusRule for a rules file's text. */
    public static String render(String rules) {
        String groups = rules.lines()
                .dropWhile(line -> !line.startsWith("groups:"))
                .map(line -> line.isEmpty() ? line : "  " + line)
                .collect(Collectors.joining("\n", "", "\n"));
        if (groups.isBlank()) {
            throw new IllegalArgumentException("no top-level 'groups:' in the rules file");
        }
        return """
                # GENERATED from deploy/prometheus/posmon-rules.yml by dev.posmon.deploy.PrometheusRuleGenerator.
                # Do not edit: change the rules file, then regenerate (deploy/README.md). PrometheusRuleGeneratorTest
                # fails while this copy differs from what the generator writes.
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: posmon
                  labels:
                    app.kubernetes.io/name: posmon
                    app.kubernetes.io/component: monitoring
                spec:
                """ + groups;
    }

    /** Regenerates the PrometheusRule under the given deploy directory. */
    public static Path write(Path deployDir) throws IOException {
        String rules = Files.readString(deployDir.resolve(SOURCE), StandardCharsets.UTF_8);
        Path target = deployDir.resolve(TARGET);
        Files.createDirectories(target.getParent());
        Files.writeString(target, render(rules), StandardCharsets.UTF_8);
        return target;
    }

    public static void main(String[] args) throws IOException {
        Path deployDir = Path.of(args.length > 0 ? args[0] : "deploy");
        System.out.println("wrote " + write(deployDir));
    }
}
