package dev.posmon.contract.i18n;

import dev.posmon.contract.api.InvalidParameter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages posmon writes for people: Simplified Chinese as used in mainland China, and English. A request chooses
 * one by {@code lang=} or {@code Accept-Language}; stable keys (JSON field names, enum values, CSV column keys) never
 * change with it.
 */
public enum Language {
    ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE),
    EN("en", Locale.ENGLISH);

    private final String tag;
    private final Locale locale;

    Language(String tag, Locale locale) {
        this.tag = tag;
        this.locale = locale;
    }

    /** The BCP 47 tag, as in {@code Content-Language}. */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    /** The tags a caller may ask for, for error messages and OpenAPI. */
    public static String supported() {
        return ZH_CN.tag + ", " + EN.tag;
    }

    /**
     * The language a tag names: any Chinese tag but a traditional one ({@code zh}, {@code zh-CN}, {@code zh-Hans},
     * {@code zh-Hans-CN}) is ZH_CN, any English one EN; case-insensitive, {@code _} taken for {@code -}.
     */
    public static Optional<Language> of(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(tag.trim().replace('_', '-'));
        switch (locale.getLanguage()) {
            case "zh" -> {
                boolean traditional = "Hant".equalsIgnoreCase(locale.getScript())
                        || (locale.getScript().isEmpty()
                                && List.of("TW", "HK", "MO").contains(locale.getCountry()));
                return traditional ? Optional.empty() : Optional.of(ZH_CN);
            }
            case "en" -> {
                return Optional.of(EN);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * The language of a request: {@code lang} when given (it must name a supported language, else
     * {@link InvalidParameter} naming {@code lang}), else the caller's most preferred supported language in
     * {@code Accept-Language} (by q-value; an unparseable header counts as absent), else the fallback.
     */
    public static Language choose(String lang, String acceptLanguage, Language fallback) {
        if (lang != null && !lang.isBlank()) {
            return of(lang).orElseThrow(() ->
                    new InvalidParameter("lang", "lang must be one of " + supported() + ", not " + lang.strip()));
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    if (range.getWeight() > 0) {
                        Optional<Language> language = of(range.getRange());
                        if (language.isPresent()) {
                            return language.get();
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                return fallback; // a malformed header is no preference, not an error
            }
        }
        return fallback;
    }
}
