package dev.posmon.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the Grafana dashboards of the Kubernetes base from the one source, {@code grafana/dashboards/*.json}: first
 * their Chinese twins ({@link GrafanaDashboardTranslator}, {@code grafana/dashboards/zh-CN/*-zh.json}), then a
 * ConfigMap per dashboard of either language, labelled {@code grafana_dashboard: "1"} so that Grafana's dashboard
 * sidecar (as in kube-prometheus-stack) loads it, the file verbatim as its data. The data keys are the file names,
 * distinct across the languages ({@code hosts.json}, {@code hosts-zh.json}): the sidecar writes every ConfigMap's files
 * into one folder. {@code GrafanaDashboardsGeneratorTest} and {@code GrafanaDashboardTranslatorTest} fail when a
 * committed copy is stale.
 *
 * <p>Run from the repository root with the module's runtime class path (deploy's classes and Jackson), as
 * deploy/README.md shows: {@code ./mvnw -B -q -pl deploy -am compile dependency:build-classpath -DincludeScope=runtime
 * -Dmdep.outputFile=target/runtime.classpath}, then {@code java -cp
 * "deploy/target/classes:$(cat deploy/target/runtime.classpath)" dev.posmon.deploy.GrafanaDashboardsGenerator deploy}.
 */
public final class GrafanaDashboardsGenerator {

    /** The dashboards, relative to the deploy directory. */
    public static final Path SOURCE = Path.of("..", "grafana", "dashboards");
    /** The generated ConfigMaps, relative to the deploy directory. */
    public static final Path TARGET = Path.of("k8s", "base", "monitoring", "grafana-dashboards.yaml");
    /** Prefix of the ConfigMaps' names; the rest is the file name without {@code .json}. */
    public static final String NAME_PREFIX = "posmon-dashboard-";

    private GrafanaDashboardsGenerator() {}

    /** The ConfigMaps for dashboards given as file name → JSON text, in file-name order. */
    public static String render(Map<String, String> dashboards) {
        if (dashboards.isEmpty()) {
            throw new IllegalArgumentException("no dashboards");
        }
        StringBuilder yaml = new StringBuilder("""
                # GENERATED from grafana/dashboards/*.json and their Chinese twins grafana/dashboards/zh-CN/*-zh.json
                # by dev.posmon.deploy.GrafanaDashboardsGenerator. Do not edit: change the dashboards (or the bundle
                # grafana/i18n/dashboards_zh_CN.properties), then regenerate (deploy/README.md).
                # GrafanaDashboardsGeneratorTest fails while this file differs from what the generator writes.
                """);
        new TreeMap<>(dashboards).forEach((file, json) -> {
            if (!file.matches("[a-z0-9-]+\\.json")) {
                throw new IllegalArgumentException(
                        "dashboard file name " + file + " is not lower-case-with-dashes.json");
            }
            yaml.append("---\n").append("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                      labels:
                        app.kubernetes.io/name: posmon
                        app.kubernetes.io/component: monitoring
                        grafana_dashboard: "1"
                      annotations:
                        grafana_folder: posmon
                    data:
                      %s: |
                    """.formatted(
                            NAME_PREFIX + file.substring(0, file.length() - ".json".length()), file));
            json.lines()
                    .forEach(line ->
                            yaml.append(line.isEmpty() ? "" : "    " + line).append('\n'));
        });
        return yaml.toString();
    }

    /**
     * Every dashboard a ConfigMap is made of, file name → text: the English ones of the source directory and the
     * committed Chinese ones.
     */
    public static Map<String, String> read(Path deployDir) throws IOException {
        Map<String, String> dashboards = readEnglish(deployDir);
        GrafanaDashboardTranslator.readChinese(deployDir).forEach((file, json) -> {
            if (dashboards.put(file, json) != null) {
                throw new IllegalArgumentException(file + " is in both grafana/dashboards and its zh-CN directory");
            }
        });
        return dashboards;
    }

    /** The English dashboards, the source: the files of the source directory (not its subdirectories), name → text. */
    public static Map<String, String> readEnglish(Path deployDir) throws IOException {
        Map<String, String> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(deployDir.resolve(SOURCE))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                dashboards.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return dashboards;
    }

    /** Regenerates the ConfigMaps under the given deploy directory. */
    public static Path write(Path deployDir) throws IOException {
        Path target = deployDir.resolve(TARGET);
        Files.createDirectories(target.getParent());
        Files.writeString(target, render(read(deployDir)), StandardCharsets.UTF_8);
        return target;
    }

    public static void main(String[] args) throws IOException {
        Path deployDir = Path.of(args.length > 0 ? args[0] : "deploy");
        System.out.println("wrote "
                + deployDir.resolve(GrafanaDashboardTranslator.TARGET).normalize() + " ("
                + String.join(", ", GrafanaDashboardTranslator.write(deployDir).keySet()) + ")");
        System.out.println("wrote " + write(deployDir) + " ("
                + read(deployDir).keySet().stream().collect(Collectors.joining(", ")) + ")");
    }
}
