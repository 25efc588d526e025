package dev.posmon.deploy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The Chinese (zh-CN) dashboards, made from the English ones ({@code grafana/dashboards/*.json}, the one source) and
 * a translation bundle ({@code grafana/i18n/dashboards_zh_CN.properties}). Grafana shows titles and descriptions as
 * written, with no translation of its own, so a Chinese-speaking on-call gets dashboards of their own: same panels and
 * queries, every text a person reads translated, uid {@code <uid>-zh}, tag {@code zh-CN} instead of {@code en}, and
 * links to the other Chinese dashboards and to the English twin. They are written to {@code grafana/dashboards/zh-CN/
 * <name>-zh.json} (committed, so that Grafana's file provisioning loads them from the checkout as it loads the English
 * ones), and become ConfigMaps like the English ones ({@link GrafanaDashboardsGenerator}).
 *
 * <p>What is translated, and its key in the bundle ({@code <uid>} the English dashboard's uid):
 *
 * <ul>
 *   <li>{@code <uid>.title}, {@code <uid>.description}: the dashboard's;
 *   <li>{@code <uid>.variable.<name>.label}: a template variable's label;
 *   <li>{@code <uid>.annotation.<slug>.name}: a (not built-in) annotation's name, {@code <slug>} its English name in
 *       lower case with dashes;
 *   <li>{@code <uid>.panel.<id>.title}, {@code <uid>.panel.<id>.description}: a panel's, rows included (an empty
 *       description has no key).
 * </ul>
 *
 * Keys name a panel by its id, not its position or title, so that moving a panel or rewording its English title keeps
 * the key (a reworded title still needs its translation reviewed; {@code GrafanaDashboardTranslatorTest} cannot tell).
 * The values are plain text, not {@code MessageFormat} patterns as in the services' bundles ({@code Texts}): a
 * dashboard text has no arguments, and its apostrophes ("alerting's") should not need doubling. A missing key stops
 * the generator; {@link #problems} also finds keys no dashboard uses and empty values, and the test fails the build on
 * any.
 *
 * <p>A twin is printed as its source is written (Grafana's "Export" layout: two-space indent, {@code "key": value},
 * {@code []} and {@code {}} when empty, non-ASCII as is, a final line break), so that a reviewer can diff it line for
 * line against the English file: Jackson's tree model, which keeps the keys' order, with a pretty printer configured to
 * that layout ({@link #parse}, {@link #print}). Decimals are read as {@link java.math.BigDecimal} with their trailing
 * zeros, so that {@code 0.50} prints back as {@code 0.50}, not {@code 0.5}; an exponent ({@code 1e-05}, which Grafana
 * does not write) would print in {@code BigDecimal}'s notation. {@code GrafanaDashboardTranslatorTest} checks that
 * parsing and printing gives every committed dashboard back byte for byte.
 */
public final class GrafanaDashboardTranslator {

    /** The bundle, relative to the deploy directory. */
    public static final Path BUNDLE = Path.of("..", "grafana", "i18n", "dashboards_zh_CN.properties");
    /** The Chinese dashboards' directory, relative to the deploy directory. */
    public static final Path TARGET = GrafanaDashboardsGenerator.SOURCE.resolve("zh-CN");
    /** Appended to the uid and the file name of a dashboard's Chinese twin. */
    public static final String SUFFIX = "-zh";
    /** The tag of the English dashboards (their "posmon" link lists the dashboards with both tags). */
    public static final String ENGLISH_TAG = "en";
    /** The tag of the Chinese dashboards. */
    public static final String CHINESE_TAG = "zh-CN";

    /** Strict: a duplicate key (the second would silently win) or anything after the one value is an error. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    /** The committed dashboards' layout; Jackson's default would write {@code "key" : value} and {@code [ ]}. */
    private static final ObjectWriter PRINTER = JSON.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private GrafanaDashboardTranslator() {}

    /** The value of a JSON text; anything but one value (and white space) is an {@link IllegalArgumentException}. */
    static JsonNode parse(String json) {
        try {
            JsonNode value = JSON.readTree(json);
            if (value == null || value.isMissingNode()) {
                throw new IllegalArgumentException("no JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON value as a committed dashboard is written, ending with a line break. */
    static String print(JsonNode value) {
        try {
            return PRINTER.writeValueAsString(value) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree that does not print", e);
        }
    }

    /** Every translatable text of an English dashboard, key → English text, in the dashboard's order. */
    public static Map<String, String> texts(String englishJson) {
        Map<String, String> texts = new LinkedHashMap<>();
        visit(dashboard(englishJson), (key, english) -> {
            if (texts.put(key, english) != null) {
                throw new IllegalArgumentException("two texts have the key " + key);
            }
            return english;
        });
        return texts;
    }

    /**
     * The Chinese twin of an English dashboard, as the committed file's text (ending with a line break).
     *
     * @throws IllegalArgumentException naming every key the bundle lacks
     */
    public static String translate(String englishJson, Map<String, String> bundle) {
        ObjectNode dashboard = dashboard(englishJson);
        String uid = dashboard.get("uid").asText();
        List<String> missing = new ArrayList<>();
        visit(dashboard, (key, english) -> {
            String chinese = bundle.get(key);
            if (chinese == null || chinese.isBlank()) {
                missing.add(key);
                return english;
            }
            return chinese;
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "grafana/i18n/dashboards_zh_CN.properties has no translation for " + String.join(", ", missing));
        }
        dashboard.put("uid", uid + SUFFIX);
        if (!(dashboard.get("tags") instanceof ArrayNode tags) || !retag(tags)) {
            throw new IllegalArgumentException(uid + " is not tagged " + ENGLISH_TAG
                    + ": its links could not tell the English dashboards from the Chinese");
        }
        for (JsonNode item : array(dashboard.get("links"))) {
            ObjectNode link = (ObjectNode) item;
            if (link.get("tags") instanceof ArrayNode linkTags) {
                retag(linkTags);
            }
            if (("/d/" + uid + SUFFIX).equals(link.path("url").textValue())) {
                link.put("title", "English");
                link.put("url", "/d/" + uid);
                link.put("tooltip", "This dashboard in English");
            }
        }
        return print(dashboard);
    }

    /** Replaces the first {@value #ENGLISH_TAG} tag with {@value #CHINESE_TAG}; false when there is none. */
    private static boolean retag(ArrayNode tags) {
        for (int i = 0; i < tags.size(); i++) {
            if (ENGLISH_TAG.equals(tags.get(i).textValue())) {
                tags.set(i, TextNode.valueOf(CHINESE_TAG));
                return true;
            }
        }
        return false;
    }

    /** The Chinese dashboards of English ones given as file name → text: {@code <name>-zh.json} → text. */
    public static Map<String, String> render(Map<String, String> english, Map<String, String> bundle) {
        Map<String, String> chinese = new TreeMap<>();
        english.forEach((file, json) -> chinese.put(chineseFile(file), translate(json, bundle)));
        return chinese;
    }

    /** The file name of a dashboard's Chinese twin: {@code fleet-overview.json} → {@code fleet-overview-zh.json}. */
    public static String chineseFile(String englishFile) {
        if (!englishFile.endsWith(".json")) {
            throw new IllegalArgumentException(englishFile + " is not a .json file");
        }
        return englishFile.substring(0, englishFile.length() - ".json".length()) + SUFFIX + ".json";
    }

    /**
     * What is wrong with the bundle for these English dashboards (file name → text): a text without a translation
     * (the generator would stop), a key no dashboard has (a panel removed or renumbered: its translation would go
     * stale unseen), a key written twice (the second silently wins). Empty when all is well.
     */
    public static List<String> problems(Map<String, String> english, Map<String, String> bundle, String bundleText) {
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        english.forEach((file, json) -> texts(json).forEach((key, text) -> {
            used.add(key);
            String chinese = bundle.get(key);
            if (chinese == null || chinese.isBlank()) {
                problems.add("missing: " + key + " (" + file + ": \"" + text + "\")");
            }
        }));
        new TreeSet<>(bundle.keySet())
                .stream().filter(key -> !used.contains(key)).forEach(key -> problems.add("unused: " + key));
        Set<String> seen = new HashSet<>();
        bundleText
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!"))
                .map(line -> line.split("\\s*[=:]", 2)[0])
                .filter(key -> !seen.add(key))
                .forEach(key -> problems.add("twice: " + key));
        return problems;
    }

    /** The bundle as key → text. */
    public static Map<String, String> bundle(String text) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable bundle", e);
        }
        Map<String, String> bundle = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> bundle.put(key, properties.getProperty(key)));
        return bundle;
    }

    /** The bundle's text (UTF-8) under the deploy directory. */
    public static String readBundle(Path deployDir) throws IOException {
        return Files.readString(deployDir.resolve(BUNDLE), StandardCharsets.UTF_8);
    }

    /** The committed Chinese dashboards, file name → text. */
    public static Map<String, String> readChinese(Path deployDir) throws IOException {
        Map<String, String> dashboards = new TreeMap<>();
        Path directory = deployDir.resolve(TARGET);
        if (!Files.isDirectory(directory)) {
            return dashboards;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                dashboards.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return dashboards;
    }

    /** Rewrites the Chinese dashboards under the given deploy directory, removing those whose English one is gone. */
    public static Map<String, String> write(Path deployDir) throws IOException {
        Map<String, String> chinese =
                render(GrafanaDashboardsGenerator.readEnglish(deployDir), bundle(readBundle(deployDir)));
        Path directory = deployDir.resolve(TARGET);
        Files.createDirectories(directory);
        for (String stale : readChinese(deployDir).keySet()) {
            if (!chinese.containsKey(stale)) {
                Files.delete(directory.resolve(stale));
            }
        }
        for (Map.Entry<String, String> dashboard : chinese.entrySet()) {
            Files.writeString(directory.resolve(dashboard.getKey()), dashboard.getValue(), StandardCharsets.UTF_8);
        }
        return chinese;
    }

    private static ObjectNode dashboard(String json) {
        if (!(parse(json) instanceof ObjectNode dashboard)
                || !dashboard.path("uid").isTextual()
                || dashboard.get("uid").asText().isBlank()) {
            throw new IllegalArgumentException("not a dashboard with a uid");
        }
        return dashboard;
    }

    /** Calls {@code text} with the key and text of each translatable text, and puts in what it answers. */
    private static void visit(ObjectNode dashboard, BiFunction<String, String, String> text) {
        String uid = dashboard.get("uid").asText();
        replace(dashboard, "title", uid + ".title", text);
        replace(dashboard, "description", uid + ".description", text);
        for (JsonNode variable : array(dashboard.path("templating").get("list"))) {
            ObjectNode v = (ObjectNode) variable;
            replace(v, "label", uid + ".variable." + literal(v.get("name")) + ".label", text);
        }
        for (JsonNode annotation : array(dashboard.path("annotations").get("list"))) {
            ObjectNode a = (ObjectNode) annotation;
            if (!"1".equals(literal(a.get("builtIn")))) {
                String slug = literal(a.get("name"))
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-|-$", "");
                replace(a, "name", uid + ".annotation." + slug + ".name", text);
            }
        }
        panels(array(dashboard.get("panels")), uid, text);
    }

    private static void panels(ArrayNode panels, String uid, BiFunction<String, String, String> text) {
        for (JsonNode item : panels) {
            ObjectNode panel = (ObjectNode) item;
            if (panel.path("id").isMissingNode() || panel.path("id").isNull()) {
                throw new IllegalArgumentException(uid + ": panel '" + literal(panel.get("title"))
                        + "' has no id, which its translations' keys need");
            }
            String id = literal(panel.get("id"));
            replace(panel, "title", uid + ".panel." + id + ".title", text);
            replace(panel, "description", uid + ".panel." + id + ".description", text);
            panels(array(panel.get("panels")), uid, text);
        }
    }

    /** The node if it is an array, else (absent, or not an array) an empty one. */
    private static ArrayNode array(JsonNode node) {
        return node instanceof ArrayNode array ? array : JSON.createArrayNode();
    }

    /** A value as it is written in the key of a text: a string as is, a number as its digits, absent as "null". */
    private static String literal(JsonNode value) {
        return value == null ? "null" : value.asText();
    }

    private static void replace(ObjectNode node, String field, String key, BiFunction<String, String, String> text) {
        if (node.get(field) instanceof TextNode english && !english.asText().isBlank()) {
            node.put(field, text.apply(key, english.asText()));
        }
    }
}
