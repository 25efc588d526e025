package dev.posmon.contract.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void findsAKeyMissingInOneLanguageAndALoneApostrophe() {
        assertThat(Texts.problems(TextsTest.class, "sample"))
                .containsExactlyInAnyOrder(
                        "dev/posmon/contract/i18n/sample_zh_CN.properties has no farewell",
                        "dev/posmon/contract/i18n/sample.properties apostrophe: a lone ' (write '' for an apostrophe)");
    }

    @Test
    void formatsInTheBundleOfTheLanguage() {
        assertThat(Texts.of(TextsTest.class, "sample", Language.ZH_CN).get("greeting", "商户"))
                .isEqualTo("你好，商户");
        assertThat(Texts.of(TextsTest.class, "sample", Language.EN).get("greeting", "merchant"))
                .isEqualTo("Hello merchant");
    }

    @Test
    void aBundleIsMissingWhereItIsMissing() {
        assertThat(Texts.problems(TextsTest.class, "nothing"))
                .containsExactlyInAnyOrder(
                        "dev/posmon/contract/i18n/nothing.properties is missing",
                        "dev/posmon/contract/i18n/nothing_zh_CN.properties is missing");
    }
}
