package dev.posmon.contract.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.api.InvalidParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

    @ParameterizedTest(name = "lang={0}, Accept-Language={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-       | -                                | ZH_CN",
                "en      | zh-CN                            | EN",
                "zh-CN   | en                               | ZH_CN",
                "zh_cn   | -                                | ZH_CN",
                "ZH-Hans | -                                | ZH_CN",
                "-       | en-US,en;q=0.9                   | EN",
                "-       | en;q=0.5, zh-CN;q=0.9            | ZH_CN",
                "-       | fr-FR, en;q=0.1                  | EN",
                "-       | zh-TW, zh-Hant;q=0.9             | ZH_CN",
                "-       | fr, de;q=0.5                     | ZH_CN",
                "-       | en;q=0, zh                       | ZH_CN",
                "-       | ;;not a header;;                 | ZH_CN",
            })
    void choosesLangThenAcceptLanguageThenTheDefault(String lang, String accept, Language expected) {
        assertThat(Language.choose(lang, accept, Language.ZH_CN)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Accept-Language={0} with default EN -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"zh-HK | EN", "zh | ZH_CN", "zh-Hans-CN | ZH_CN", "en-GB | EN"})
    void traditionalChineseIsNotSimplified(String accept, Language expected) {
        assertThat(Language.choose(null, accept, Language.EN)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "lang={0}")
    @CsvSource({"fr", "zh-TW", "xx-invalid-!"})
    void anUnsupportedLangIsRefusedNamingTheParameter(String lang) {
        assertThatThrownBy(() -> Language.choose(lang, "en", Language.EN))
                .isInstanceOfSatisfying(
                        InvalidParameter.class, e -> assertThat(e.parameter()).isEqualTo("lang"))
                .hasMessage("lang must be one of zh-CN, en, not " + lang);
    }
}
