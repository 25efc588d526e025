package dev.posmon.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RegionsTest {

    @Test
    void everyProvinceAndCityIsNamedInEveryLanguage() throws IOException {
        // the same keys in both files (a missing one fails the build), and no lone apostrophe (Xi''an)
        assertThat(Texts.problems(Regions.class, "regions")).isEmpty();
        Properties en = file("regions.properties");
        Properties zh = file("regions_zh_CN.properties");
        assertThat(en.stringPropertyNames())
                .filteredOn(key -> key.startsWith("province."))
                .hasSize(34);
        // every prefecture-level division of 2023 (333 and the 4 municipalities' 5), the 32 county-level ones directly
        // under their province in the place of the 4 groups of them
        assertThat(en.stringPropertyNames())
                .filteredOn(key -> key.startsWith("city."))
                .hasSize(370);
        for (String key : en.stringPropertyNames()) {
            assertThat(key).matches("province\\.[1-9][0-9]|city\\.[1-9][0-9]{3}|city\\.[1-9][0-9]90[0-9]{2}");
            if (key.startsWith("city.")) {
                assertThat(en).as("the province of " + key).containsKey("province." + key.substring(5, 7));
            }
            assertThat(en.getProperty(key)).as(key).matches("[A-Z][A-Za-zü' ,-]*");
            assertThat(zh.getProperty(key)).as(key).matches("\\p{IsHan}+");
        }
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
    void namesTheCityOfACountyOrCityCode() {
        assertThat(Regions.cityName("440305", Language.ZH_CN)).isEqualTo("深圳市");
        assertThat(Regions.cityName("440300", Language.EN)).isEqualTo("Shenzhen");
        assertThat(Regions.cityName("610113", Language.EN)).as("an apostrophe").isEqualTo("Xi'an");
        assertThat(Regions.cityName("150102", Language.EN)).isEqualTo("Hohhot");
        assertThat(Regions.cityName("152502", Language.ZH_CN)).isEqualTo("锡林郭勒盟");
        assertThat(Regions.cityName("152502", Language.EN)).isEqualTo("Xilingol League");
        assertThat(Regions.cityName("222401", Language.EN)).isEqualTo("Yanbian Korean Autonomous Prefecture");
        assertThat(Regions.cityName("422801", Language.EN)).isEqualTo("Enshi Tujia and Miao Autonomous Prefecture");
        assertThat(Regions.cityName("653201", Language.EN)).isEqualTo("Hotan Prefecture");
        assertThat(Regions.cityName("540102", Language.EN)).isEqualTo("Lhasa");
    }

    @Test
    void aMunicipalitysDistrictsAndCountiesAreTheMunicipality() {
        assertThat(Regions.cityName("110105", Language.ZH_CN)).isEqualTo("北京市");
        assertThat(Regions.cityName("110105", Language.EN)).isEqualTo("Beijing");
        assertThat(Regions.cityName("310115", Language.EN)).isEqualTo("Shanghai");
        assertThat(Regions.cityName("500103", Language.ZH_CN)).isEqualTo("重庆市");
        assertThat(Regions.cityName("500229", Language.EN))
                .as("a county of Chongqing")
                .isEqualTo("Chongqing");
        assertThat(Regions.place("110105", Language.ZH_CN)).isEqualTo("北京市");
        assertThat(Regions.place("120101", Language.EN)).isEqualTo("Tianjin");
        assertThat(Regions.place("500229", Language.ZH_CN)).isEqualTo("重庆市");
    }

    @Test
    void aCountyDirectlyUnderItsProvinceIsItsOwnCity() {
        assertThat(Regions.cityName("429004", Language.ZH_CN)).isEqualTo("仙桃市");
        assertThat(Regions.cityName("469021", Language.EN)).isEqualTo("Ding'an County");
        assertThat(Regions.cityName("659001", Language.EN)).isEqualTo("Shihezi");
        assertThat(Regions.cityCode("429004")).isEqualTo("429004");
        assertThat(Regions.cityCode("440305")).isEqualTo("440300");
        assertThat(Regions.cityCode("500229"))
                .as("a county of Chongqing is of the one city Chongqing, like its districts")
                .isEqualTo(Regions.cityCode("500101"))
                .isEqualTo("500100");
        assertThat(Regions.place("419001", Language.ZH_CN)).isEqualTo("河南省济源市");
        assertThat(Regions.place("469002", Language.EN)).isEqualTo("Qionghai, Hainan");
        assertThat(Regions.place("429099", Language.EN)).as("none such").isEqualTo("Hubei");
        assertThat(Regions.cityName("429000", Language.EN))
                .as("the group is no city")
                .isEqualTo("429000");
    }

    @Test
    void aPlaceIsTheProvinceAndTheCityTheLanguagesWay() {
        assertThat(Regions.place("440305", Language.ZH_CN)).isEqualTo("广东省深圳市");
        assertThat(Regions.place("440305", Language.EN)).isEqualTo("Shenzhen, Guangdong");
        assertThat(Regions.place("650102", Language.ZH_CN)).isEqualTo("新疆维吾尔自治区乌鲁木齐市");
        assertThat(Regions.place("650102", Language.EN)).isEqualTo("Urumqi, Xinjiang");
        assertThat(Regions.place("222401", Language.EN)).isEqualTo("Yanbian Korean Autonomous Prefecture, Jilin");
    }

    @Test
    void anUnknownCityIsItsProvince() {
        assertThat(Regions.cityName("449901", Language.ZH_CN)).isEqualTo("449901");
        assertThat(Regions.place("449901", Language.ZH_CN)).isEqualTo("广东省");
        assertThat(Regions.place("449901", Language.EN)).isEqualTo("Guangdong");
        assertThat(Regions.place("440000", Language.EN))
                .as("a province's own code")
                .isEqualTo("Guangdong");
        assertThat(Regions.place("810000", Language.ZH_CN)).as("provinces only").isEqualTo("香港特别行政区");
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
        assertThat(Regions.cityName("990101", Language.EN)).isEqualTo("990101");
        assertThat(Regions.cityName("UNKNOWN", Language.ZH_CN)).isEqualTo("UNKNOWN");
        assertThat(Regions.cityName("44030", Language.EN)).isEqualTo("44030");
        assertThat(Regions.cityName(null, Language.EN)).isNull();
        assertThat(Regions.cityCode("UNKNOWN")).isEqualTo("UNKNOWN");
        assertThat(Regions.place("990101", Language.ZH_CN))
                .as("a city of no province")
                .isEqualTo("990101");
        assertThat(Regions.place("UNKNOWN", Language.EN)).isEqualTo("UNKNOWN");
        assertThat(Regions.place("044030", Language.EN)).isEqualTo("044030");
        assertThat(Regions.place(null, Language.EN)).isNull();
    }

    /** A bundle's file as the JVM reads it from the class path, in UTF-8 like {@link Texts}. */
    private static Properties file(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Regions.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
