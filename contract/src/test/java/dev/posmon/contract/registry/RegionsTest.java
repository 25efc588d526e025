package dev.posmon.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import org.junit.jupiter.api.Test;

class RegionsTest {

    @Test
    void everyProvinceIsNamedInEveryLanguage() {
        assertThat(Texts.problems(Regions.class, "regions")).isEmpty();
    }

    @Test
    void namesTheProvinceOfACountyCityOrProvinceCode() {
        assertThat(Regions.provinceName("440305", Language.ZH_CN)).isEqualTo("广东省");
        assertThat(Regions.provinceName("440305", Language.EN)).isEqualTo("Guangdong");
        assertThat(Regions.provinceName("110000", Language.ZH_CN)).isEqualTo("北京市");
        assertThat(Regions.provinceName("650102", Language.ZH_CN)).isEqualTo("新疆维吾尔自治区");
        assertThat(Regions.provinceName("820000", Language.EN)).isEqualTo("Macao");
    }

    @Test
    void labelsACodeWithItsName() {
        assertThat(Regions.label("440000", Language.EN)).isEqualTo("440000 Guangdong");
        assertThat(Regions.label("540000", Language.EN)).isEqualTo("540000 Tibet");
        assertThat(Regions.label("310000", Language.ZH_CN)).isEqualTo("310000 上海市");
        assertThat(Regions.label("UNKNOWN", Language.EN)).isEqualTo("UNKNOWN");
    }

    @Test
    void anUnknownOrInvalidCodeIsShownAsItIs() {
        assertThat(Regions.provinceName("990101", Language.ZH_CN)).isEqualTo("990101");
        assertThat(Regions.provinceName("UNKNOWN", Language.EN)).isEqualTo("UNKNOWN");
        assertThat(Regions.provinceName(null, Language.EN)).isNull();
    }
}
