package dev.posmon.simulator.fleet;

import dev.posmon.contract.event.Network.NetworkType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Chinese POS fleet is made of, with rough real-world weights: provinces (GB/T 2260 codes, weighted by
 * their share of card-acceptance terminals, each with a few county-level region codes of its big cities),
 * acquirer hosts, carriers, bearer types, terminal models with their vendors and firmware lines, app versions.
 */
public final class Catalog {

    private Catalog() {}

    /** A province: its code, the county-level region codes terminals are registered in, and its IANA zone. */
    public record Province(String code, String name, List<String> regions, String timezone) {}

    /** An acquirer host: the acquirer that runs it and the response-code table its answers follow. */
    public record Host(String id, String acquirer, String networkProfile) {}

    /** A terminal model, its vendor and its firmware versions (weighted: most terminals run the latest two). */
    public record Model(String name, String vendor, Weighted<String> firmware) {}

    private static final String SHANGHAI = "Asia/Shanghai";

    public static final Weighted<Province> PROVINCES = Weighted.of(
            new Province("440000", "Guangdong", List.of("440106", "440305", "440304", "440604", "441900"), SHANGHAI),
                    14,
            new Province("320000", "Jiangsu", List.of("320102", "320506", "320211"), SHANGHAI), 9,
            new Province("330000", "Zhejiang", List.of("330106", "330212", "330782"), SHANGHAI), 8,
            new Province("370000", "Shandong", List.of("370102", "370202", "370602"), SHANGHAI), 7,
            new Province("310000", "Shanghai", List.of("310101", "310104", "310115"), SHANGHAI), 5.5,
            new Province("110000", "Beijing", List.of("110101", "110105", "110108"), SHANGHAI), 5,
            new Province("410000", "Henan", List.of("410105", "410302"), SHANGHAI), 5,
            new Province("510000", "Sichuan", List.of("510104", "510107", "510603"), SHANGHAI), 5,
            new Province("350000", "Fujian", List.of("350102", "350203", "350503"), SHANGHAI), 4,
            new Province("420000", "Hubei", List.of("420106", "420111"), SHANGHAI), 4,
            new Province("430000", "Hunan", List.of("430102", "430104"), SHANGHAI), 4,
            new Province("130000", "Hebei", List.of("130102", "130203"), SHANGHAI), 3.5,
            new Province("340000", "Anhui", List.of("340104", "340202"), SHANGHAI), 3,
            new Province("500000", "Chongqing", List.of("500103", "500105"), SHANGHAI), 3,
            new Province("610000", "Shaanxi", List.of("610113", "610104"), SHANGHAI), 2.5,
            new Province("210000", "Liaoning", List.of("210102", "210202"), SHANGHAI), 2.5,
            new Province("120000", "Tianjin", List.of("120101", "120116"), SHANGHAI), 2,
            new Province("530000", "Yunnan", List.of("530102", "530103"), SHANGHAI), 2,
            new Province("450000", "Guangxi", List.of("450103", "450302"), SHANGHAI), 2,
            new Province("360000", "Jiangxi", List.of("360102", "360111"), SHANGHAI), 2,
            new Province("520000", "Guizhou", List.of("520102", "520103"), SHANGHAI), 1.5,
            new Province("140000", "Shanxi", List.of("140105", "140106"), SHANGHAI), 1.5,
            new Province("230000", "Heilongjiang", List.of("230102", "230103"), SHANGHAI), 1.2,
            new Province("220000", "Jilin", List.of("220102", "220104"), SHANGHAI), 1,
            new Province("150000", "Inner Mongolia", List.of("150102", "150105"), SHANGHAI), 1,
            new Province("650000", "Xinjiang", List.of("650102", "650104"), "Asia/Urumqi"), 1,
            new Province("620000", "Gansu", List.of("620102", "620103"), SHANGHAI), 0.8,
            new Province("460000", "Hainan", List.of("460105", "460106"), SHANGHAI), 0.8,
            new Province("640000", "Ningxia", List.of("640104"), SHANGHAI), 0.4,
            new Province("630000", "Qinghai", List.of("630102"), SHANGHAI), 0.3,
            new Province("540000", "Tibet", List.of("540102"), SHANGHAI), 0.2);

    public static final Weighted<Host> HOSTS = Weighted.of(
            new Host("H1", "ACQ-UNION", "CUP"), 35,
            new Host("H2", "ACQ-UNION", "CUP"), 25,
            new Host("H3", "ACQ-PACIFIC", "ISO87"), 22,
            new Host("H4", "ACQ-SOUTH", "POSTILION"), 18);

    public static final Weighted<String> CARRIERS = Weighted.of("CMCC", 55, "CUCC", 25, "CTCC", 20);

    public static final Weighted<NetworkType> NETWORK_TYPES = Weighted.of(
            NetworkType._4G,
            55,
            NetworkType.WIFI,
            18,
            NetworkType.ETHERNET,
            10,
            NetworkType._5G,
            10,
            NetworkType._3G,
            5,
            NetworkType._2G,
            2);

    public static final Weighted<Model> MODELS = Weighted.of(
            new Model("A920", "PAX", Weighted.of("PAX-7.4.2", 50, "PAX-7.3.9", 35, "PAX-7.1.0", 15)), 30,
            new Model("N910", "Newland", Weighted.of("NL-3.2.1", 55, "NL-3.1.8", 45)), 22,
            new Model("X990", "Verifone", Weighted.of("VF-11.4", 60, "VF-11.2", 40)), 15,
            new Model("Move5000", "Ingenico", Weighted.of("ING-22.1", 70, "ING-21.9", 30)), 13,
            new Model("K9", "Centerm", Weighted.of("CT-5.6", 65, "CT-5.4", 35)), 12,
            new Model("S90", "PAX", Weighted.of("PAXS-4.2", 100)), 8);

    public static final Weighted<String> APP_VERSIONS = Weighted.of("3.4.1", 45, "3.4.0", 30, "3.3.7", 20, "3.2.9", 5);

    /** Every host by id. */
    public static Map<String, Host> hostsById() {
        Map<String, Host> byId = new LinkedHashMap<>();
        HOSTS.values().forEach(host -> byId.put(host.id(), host));
        return byId;
    }
}
