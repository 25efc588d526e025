package dev.posmon.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.testing.PosmonScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * posmon's Grafana dashboards ({@code grafana/dashboards/*.json}) as the dashboards test runs them: every query of
 * every panel and annotation, with its data source, and Grafana's template variables and macros expanded the way
 * Grafana expands them before it sends a query on. A data source, variable or macro this class does not know is a
 * failure, never a query left out.
 */
final class GrafanaDashboards {

    static final String PROMETHEUS = "prometheus";
    static final String POSTGRES = "grafana-postgresql-datasource";

    /** What Grafana puts for its interval variables; 1m is its {@code $__rate_interval} at a 15 s scrape interval. */
    private static final Map<String, String> PROMQL_BUILTINS =
            Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*(\\w+)\\)$");
    private static final Pattern TIME_GROUP =
            Pattern.compile("\\$__timeGroup(Alias)?\\(([^,()]+),\\s*'(\\d+)([smhd])'\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query: where it is, which data source, its text as written in the dashboard. */
    record Query(String dashboard, String panel, String datasource, String text) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " (" + datasource + ")";
        }
    }

    /** A template variable: {@code label_values(selector, label)} on Prometheus. */
    record Variable(String dashboard, String name, String selector, String label) {}

    /** A dashboard file read. */
    record Dashboard(Path file, String title, List<Query> queries, List<Variable> variables) {}

    private GrafanaDashboards() {}

    /** {@code grafana/dashboards} of this checkout. */
    static Path directory() {
        return PosmonScript.root().resolve("grafana").resolve("dashboards");
    }

    /** Every dashboard of the directory, sorted by file name. */
    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .map(GrafanaDashboards::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory(), e);
        }
    }

    static Dashboard read(Path file) {
        JsonNode dashboard;
        try {
            dashboard = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String title = dashboard.path("title").asText(file.getFileName().toString());
        List<Query> queries = new ArrayList<>();
        panels(dashboard.path("panels"), title, queries);
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.path("builtIn").asInt() != 1) {
                queries.add(query(
                        title,
                        "annotation " + annotation.path("name").asText(),
                        annotation.path("datasource"),
                        annotation.path("target")));
            }
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String definition = variable.path("query").isTextual()
                    ? variable.path("query").asText()
                    : variable.path("query").path("query").asText();
            Matcher labelValues = LABEL_VALUES.matcher(definition.trim());
            if (!variable.path("type").asText().equals("query")
                    || !PROMETHEUS.equals(
                            variable.path("datasource").path("type").asText())
                    || !labelValues.matches()) {
                throw new IllegalArgumentException(
                        file + ": variable " + variable.path("name").asText()
                                + " is not a Prometheus label_values(selector, label) query, which is all this test knows how to resolve: "
                                + variable);
            }
            variables.add(new Variable(
                    title, variable.path("name").asText(), labelValues.group(1).trim(), labelValues.group(2)));
        }
        return new Dashboard(file, title, queries, variables);
    }

    private static void panels(JsonNode panels, String dashboard, List<Query> queries) {
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                panels(panel.path("panels"), dashboard, queries);
                continue;
            }
            String title = panel.path("title").asText();
            if (panel.path("targets").isEmpty()) {
                throw new IllegalArgumentException(dashboard + ": panel '" + title + "' has no query");
            }
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                queries.add(query(dashboard, title + " [" + target.path("refId").asText() + "]", datasource, target));
            }
        }
    }

    private static Query query(String dashboard, String where, JsonNode datasource, JsonNode target) {
        String type = datasource.path("type").asText();
        return switch (type) {
            case PROMETHEUS ->
                new Query(dashboard, where, type, target.path("expr").asText());
            case POSTGRES ->
                new Query(dashboard, where, type, target.path("rawSql").asText());
            default ->
                throw new IllegalArgumentException(dashboard + " / " + where + ": data source type '" + type
                        + "' is neither " + PROMETHEUS + " nor " + POSTGRES);
        };
    }

    /**
     * A PromQL expression with the variables' values put in as Grafana does for a multi-value variable on Prometheus
     * ({@code H1}, or {@code (H1|H2)} for several, regex-escaped), and Grafana's interval variables.
     */
    static String promql(String expr, Map<String, List<String>> values) {
        return variables(expr, (name, format) -> {
            if (PROMQL_BUILTINS.containsKey(name)) {
                return PROMQL_BUILTINS.get(name);
            }
            List<String> chosen = values.get(name);
            if (chosen == null || format != null) {
                return null;
            }
            List<String> escaped = chosen.stream()
                    .map(value -> value.replaceAll("[\\\\.+*?()|\\[\\]{}^$]", "\\\\\\\\$0"))
                    .toList();
            return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
        });
    }

    /**
     * A SQL query with Grafana's PostgreSQL macros expanded for the time range {@code from}..{@code to} (as Grafana's
     * PostgreSQL data source writes them) and the variables' values put in as {@code ${var:sqlstring}} puts them:
     * {@code 'H1','H2'}, or as {@code ${var:regex}} does: {@code H1} or {@code (H1|H2)}, regex-escaped.
     *
     * <p>{@code regex} is there for a variable with a custom "All" value ({@code acquirer}'s {@code .*}): Grafana puts a
     * custom All value in unformatted whatever the format, which {@code IN (${var:sqlstring})} would turn into
     * {@code IN (.*)}, while {@code col ~ '^(${var:regex})$'} reads {@code '^(.*)$'} for All, and {@code '^((A|B))$'}
     * for chosen values, as here.
     */
    static String sql(String sql, Map<String, List<String>> values, Instant from, Instant to) {
        String expanded = sql.replaceAll("\\$__timeFilter\\(([^()]+)\\)", "$1 BETWEEN '" + from + "' AND '" + to + "'")
                .replace("$__timeFrom()", "'" + from + "'")
                .replace("$__timeTo()", "'" + to + "'");
        Matcher group = TIME_GROUP.matcher(expanded);
        StringBuilder grouped = new StringBuilder();
        while (group.find()) {
            long seconds = Duration.parse("PT"
                            + (group.group(4).equals("d")
                                    ? Long.parseLong(group.group(3)) * 24 + "H"
                                    : group.group(3) + group.group(4).toUpperCase()))
                    .toSeconds();
            String bucket = "floor(extract(epoch from " + group.group(2).trim() + ")/" + seconds + ")*" + seconds;
            group.appendReplacement(
                    grouped, Matcher.quoteReplacement(group.group(1) == null ? bucket : bucket + " AS \"time\""));
        }
        group.appendTail(grouped);
        return variables(grouped.toString(), (name, format) -> {
            List<String> chosen = values.get(name);
            if (chosen == null || format == null) {
                return null;
            }
            return switch (format) {
                case "sqlstring" ->
                    chosen.stream()
                            .map(value -> "'" + value.replace("'", "''") + "'")
                            .collect(Collectors.joining(","));
                case "regex" -> {
                    List<String> escaped =
                            chosen.stream().map(GrafanaDashboards::regexEscape).toList();
                    yield escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
                }
                default -> null;
            };
        });
    }

    /** Grafana's {@code kbn.regexEscape}, which its {@code regex} format applies to each value. */
    static String regexEscape(String value) {
        return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
    }

    /** Puts in every {@code $var}, {@code ${var}}, {@code ${var:format}}; one the function has no value for (null) fails. */
    private static String variables(String text, BiFunction<String, String, String> value) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(3);
            String replacement = value.apply(name, matcher.group(2));
            if (replacement == null) {
                throw new IllegalArgumentException(
                        "no value for " + matcher.group() + " (unknown variable, format or macro) in: " + text);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
