package dev.posmon.contract.registry;

import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;

/**
 * The names of GB/T 2260 provincial-level divisions in each {@link Language} ({@code regions.properties} and
 * {@code regions_zh_CN.properties} beside this class): 440305 → 广东省 / Guangdong.
 */
public final class Regions {

    private Regions() {}

    /** The name of the province of a region code (a county, city or province code); the code itself if unknown. */
    public static String provinceName(String regionCode, Language language) {
        if (!RegionCode.isValid(regionCode)) {
            return regionCode;
        }
        Texts names = Texts.of(Regions.class, "regions", language);
        String key = "province." + regionCode.substring(0, 2);
        return names.has(key) ? names.get(key) : regionCode;
    }

    /** {@code 440000 Guangdong}: the code and, where it is known, its province's name. */
    public static String label(String regionCode, Language language) {
        String name = provinceName(regionCode, language);
        return name == null || name.equals(regionCode) ? regionCode : regionCode + " " + name;
    }
}
