package dev.posmon.deploy;

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

    private GrafanaDashboardTranslator() {}

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
    @SuppressWarnings("unchecked")
    public static String translate(String englishJson, Map<String, String> bundle) {
        Map<String, Object> dashboard = (Map<String, Object>) Json.copy(dashboard(englishJson));
        String uid = (String) dashboard.get("uid");
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
        List<Object> tags = (List<Object>) dashboard.get("tags");
        int english = tags == null ? -1 : tags.indexOf(ENGLISH_TAG);
        if (english < 0) {
            throw new IllegalArgumentException(uid + " is not tagged " + ENGLISH_TAG
                    + ": its links could not tell the English dashboards from the Chinese");
        }
        tags.set(english, CHINESE_TAG);
        List<Object> links = (List<Object>) dashboard.getOrDefault("links", new ArrayList<>());
        for (Object item : links) {
            Map<String, Object> link = (Map<String, Object>) item;
            if (link.get("tags") instanceof List<?> linkTags && linkTags.contains(ENGLISH_TAG)) {
                ((List<Object>) linkTags).set(linkTags.indexOf(ENGLISH_TAG), CHINESE_TAG);
            }
            if (("/d/" + uid + SUFFIX).equals(link.get("url"))) {
                link.put("title", "English");
                link.put("url", "/d/" + uid);
                link.put("tooltip", "This dashboard in English");
            }
        }
        return Json.print(dashboard) + "\n";
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboard(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> dashboard)
                || !(dashboard.get("uid") instanceof String uid)
                || uid.isBlank()) {
            throw new IllegalArgumentException("not a dashboard with a uid");
        }
        return (Map<String, Object>) dashboard;
    }

    /** Calls {@code text} with the key and text of each translatable text, and puts in what it answers. */
    @SuppressWarnings("unchecked")
    private static void visit(Map<String, Object> dashboard, BiFunction<String, String, String> text) {
        String uid = (String) dashboard.get("uid");
        replace(dashboard, "title", uid + ".title", text);
        replace(dashboard, "description", uid + ".description", text);
        if (dashboard.get("templating") instanceof Map<?, ?> templating
                && templating.get("list") instanceof List<?> variables) {
            for (Object variable : variables) {
                Map<String, Object> v = (Map<String, Object>) variable;
                replace(v, "label", uid + ".variable." + v.get("name") + ".label", text);
            }
        }
        if (dashboard.get("annotations") instanceof Map<?, ?> annotations
                && annotations.get("list") instanceof List<?> list) {
            for (Object annotation : list) {
                Map<String, Object> a = (Map<String, Object>) annotation;
                if (!"1".equals(String.valueOf(literal(a.get("builtIn"))))) {
                    String slug = String.valueOf(a.get("name"))
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("^-|-$", "");
                    replace(a, "name", uid + ".annotation." + slug + ".name", text);
                }
            }
        }
        panels((List<Object>) dashboard.getOrDefault("panels", List.of()), uid, text);
    }

    @SuppressWarnings("unchecked")
    private static void panels(List<Object> panels, String uid, BiFunction<String, String, String> text) {
        for (Object item : panels) {
            Map<String, Object> panel = (Map<String, Object>) item;
            Object id = literal(panel.get("id"));
            if (id == null) {
                throw new IllegalArgumentException(
                        uid + ": panel '" + panel.get("title") + "' has no id, which its translations' keys need");
            }
            replace(panel, "title", uid + ".panel." + id + ".title", text);
            replace(panel, "description", uid + ".panel." + id + ".description", text);
            if (panel.get("panels") instanceof List<?> nested) {
                panels((List<Object>) nested, uid, text);
            }
        }
    }

    private static Object literal(Object value) {
        return value instanceof Json.Number number ? number.literal() : value;
    }

    private static void replace(
            Map<String, Object> node, String field, String key, BiFunction<String, String, String> text) {
        if (node.get(field) instanceof String english && !english.isBlank()) {
            node.put(field, text.apply(key, english));
        }
    }
}
