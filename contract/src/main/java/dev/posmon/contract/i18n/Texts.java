package dev.posmon.contract.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * Texts for people, from a resource bundle per language ({@code <base>.properties} in English,
 * {@code <base>_zh_CN.properties} in Chinese, UTF-8), as {@link MessageFormat} patterns ({@code {0}} an argument,
 * {@code ''} an apostrophe). A bundle never falls back to the machine's default locale, and a key missing in one
 * language is found by {@link #problems(Class, String)}, which each module's tests run over its bundles.
 */
public final class Texts {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Language language;

    private Texts(ResourceBundle bundle, Language language) {
        this.bundle = bundle;
        this.language = language;
    }

    /**
     * The bundle {@code name} in the package of {@code owner}, loaded by its class loader (e.g. {@code Remedies.class,
     * "advice"}: {@code dev/posmon/analytics/diagnosis/advice.properties} and {@code advice_zh_CN.properties}).
     */
    public static Texts of(Class<?> owner, String name, Language language) {
        return new Texts(bundle(owner, name, language), language);
    }

    public Language language() {
        return language;
    }

    /** The text of the key with its arguments in place; a missing key is a programming error. */
    public String get(String key, Object... arguments) {
        String pattern = bundle.getString(key);
        return new MessageFormat(pattern, language.locale()).format(arguments);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * What is wrong with the bundle: a key present in one language's file and not in the other's (the Chinese bundle
     * would fall back to English unseen), or a pattern with a lone apostrophe (MessageFormat drops it, and quotes what
     * follows). Empty when the bundle is complete.
     */
    public static List<String> problems(Class<?> owner, String name) {
        List<String> problems = new ArrayList<>();
        Map<Language, Properties> files = new EnumMap<>(Language.class);
        Set<String> all = new TreeSet<>();
        for (Language language : Language.values()) {
            String file = file(owner, name, language);
            Properties properties = new Properties();
            try (InputStream in = owner.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    problems.add(file + " is missing");
                    continue;
                }
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                problems.add(file + " cannot be read: " + e.getMessage());
                continue;
            }
            files.put(language, properties);
            all.addAll(properties.stringPropertyNames());
        }
        files.forEach((language, properties) -> {
            for (String key : all) {
                String pattern = properties.getProperty(key);
                if (pattern == null) {
                    problems.add(file(owner, name, language) + " has no " + key);
                } else if (pattern.replace("''", "").contains("'")) {
                    problems.add(file(owner, name, language) + " " + key + ": a lone ' (write '' for an apostrophe)");
                }
            }
        });
        return problems;
    }

    private static String file(Class<?> owner, String name, Language language) {
        String base = owner.getPackageName().replace('.', '/') + "/" + name;
        return language == Language.EN ? base + ".properties" : base + "_" + language.locale() + ".properties";
    }

    private static ResourceBundle bundle(Class<?> owner, String name, Language language) {
        String baseName = owner.getPackageName() + "." + name;
        // English is the base file itself: Locale.ROOT, so that the machine's locale cannot pick another file
        Locale locale = language == Language.EN ? Locale.ROOT : language.locale();
        try {
            return ResourceBundle.getBundle(baseName, locale, owner.getClassLoader(), NO_FALLBACK);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no resource bundle " + baseName + " for " + language.tag(), e);
        }
    }
}
