package dev.posmon.alerting.report;

import java.util.Map;

/** Names of the GB/T 2260 province-level divisions, for readers who do not know 440000 is Guangdong. */
final class Provinces {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("110000", "Beijing"),
            Map.entry("120000", "Tianjin"),
            Map.entry("130000", "Hebei"),
            Map.entry("140000", "Shanxi"),
            Map.entry("150000", "Inner Mongolia"),
            Map.entry("210000", "Liaoning"),
            Map.entry("220000", "Jilin"),
            Map.entry("230000", "Heilongjiang"),
            Map.entry("310000", "Shanghai"),
            Map.entry("320000", "Jiangsu"),
            Map.entry("330000", "Zhejiang"),
            Map.entry("340000", "Anhui"),
            Map.entry("350000", "Fujian"),
            Map.entry("360000", "Jiangxi"),
            Map.entry("370000", "Shandong"),
            Map.entry("410000", "Henan"),
            Map.entry("420000", "Hubei"),
            Map.entry("430000", "Hunan"),
            Map.entry("440000", "Guangdong"),
            Map.entry("450000", "Guangxi"),
            Map.entry("460000", "Hainan"),
            Map.entry("500000", "Chongqing"),
            Map.entry("510000", "Sichuan"),
            Map.entry("520000", "Guizhou"),
            Map.entry("530000", "Yunnan"),
            Map.entry("540000", "Tibet"),
            Map.entry("610000", "Shaanxi"),
            Map.entry("620000", "Gansu"),
            Map.entry("630000", "Qinghai"),
            Map.entry("640000", "Ningxia"),
            Map.entry("650000", "Xinjiang"),
            Map.entry("710000", "Taiwan"),
            Map.entry("810000", "Hong Kong"),
            Map.entry("820000", "Macao"));

    private Provinces() {}

    /** {@code 440000 Guangdong}; the code alone where it has no name (UNKNOWN, say). */
    static String label(String code) {
        String name = NAMES.get(code);
        return name == null ? code : code + " " + name;
    }
}
