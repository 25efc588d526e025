package dev.posmon.alerting.localize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * Synthetic cubes over the five cube dimensions with known root causes, many trials each, scored at the
 * level of the set of scopes (a found scope counts only if it is exactly a true one).
 */
class LocalizerTest {

    static final String[] PROVINCES = {
        "110000", "310000", "440000", "510000", "330000", "320000", "370000", "420000", "650000", "540000"
    };
    static final String[] HOSTS = {"H1", "H2", "H3", "H4"};
    static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC"};
    static final String[] MODELS = {"P2000", "A8", "N910"};
    static final String[] FIRMWARE = {"FW-7.2", "FW-7.3", "FW-7.4", "FW-8.0"};
    static final double BASE = 0.02;

    private final Localizer localizer = new Localizer(LocalizerSettings.DEFAULTS);

    /** Builds one window's cube: every leaf normal at BASE, except where a cause raises the ratio. */
    static List<Leaf> cube(Random random, Well19937c binomial, Map<Map<String, String>, Double> causes) {
        List<Leaf> leaves = new ArrayList<>();
        for (String p : PROVINCES) {
            for (String h : HOSTS) {
                for (String c : CARRIERS) {
                    for (String m : MODELS) {
                        for (String f : FIRMWARE) {
                            Map<String, String> dims =
                                    Map.of("province", p, "host", h, "carrier", c, "model", m, "firmware", f);
                            int attempts = 5 + random.nextInt(60);
                            double ratio = BASE;
                            for (var cause : causes.entrySet()) {
                                if (dims.entrySet().containsAll(cause.getKey().entrySet())) {
                                    ratio = Math.max(ratio, cause.getValue());
                                }
                            }
                            int failures = new BinomialDistribution(binomial, attempts, ratio).sample();
                            leaves.add(new Leaf(dims, attempts, failures, attempts * BASE));
                        }
                    }
                }
            }
        }
        return leaves;
    }

    record Score(double precision, double recall, double f1) {}

    /** Runs trials of a scenario and returns set-level precision, recall and F1 summed over all trials. */
    Score trials(String name, int trials, Function<Random, Map<Map<String, String>, Double>> scenario) {
        Random random = new Random(name.hashCode());
        Well19937c binomial = new Well19937c(name.hashCode());
        int truePositives = 0;
        int found = 0;
        int truth = 0;
        for (int t = 0; t < trials; t++) {
            Map<Map<String, String>, Double> causes = scenario.apply(random);
            Localization result = localizer.localize(cube(random, binomial, causes));
            Set<Map<String, String>> expected = new HashSet<>(causes.keySet());
            Set<Map<String, String>> got = new HashSet<>();
            result.causes().forEach(cause -> got.add(cause.scope()));
            truth += expected.size();
            found += got.size();
            got.retainAll(expected);
            truePositives += got.size();
        }
        double precision = found == 0 ? 0 : (double) truePositives / found;
        double recall = (double) truePositives / truth;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        System.out.printf(
                "localizer %-28s %3d trials: precision %.3f recall %.3f F1 %.3f%n",
                name, trials, precision, recall, f1);
        return new Score(precision, recall, f1);
    }

    static Map<String, String> scope(String... keyValues) {
        Map<String, String> scope = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            scope.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.copyOf(scope);
    }

    static double severity(Random random) {
        return 0.3 + random.nextDouble() * 0.65;
    }

    @Test
    void findsAHostAlone() {
        Score score = trials("host alone", 40, r -> Map.of(scope("host", HOSTS[r.nextInt(HOSTS.length)]), severity(r)));
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void whenAHostAndAModelCoverTheSameFailingLeavesItNamesTheHost() {
        List<Leaf> leaves = new ArrayList<>();
        for (String p : List.of("110000", "440000")) {
            for (String c : CARRIERS) {
                // every terminal of model P2000 is on host H2 (which fails); model A8 is on H1 (which does not)
                leaves.add(new Leaf(
                        Map.of("province", p, "host", "H2", "carrier", c, "model", "P2000", "firmware", "FW-7.4"),
                        40,
                        38,
                        1));
                leaves.add(new Leaf(
                        Map.of("province", p, "host", "H1", "carrier", c, "model", "A8", "firmware", "FW-7.4"),
                        40,
                        1,
                        1));
            }
        }
        // one P2000 elsewhere with a failure within its noise: the model's excess is a little larger, its gain the same
        leaves.add(new Leaf(
                Map.of("province", "110000", "host", "H1", "carrier", "CMCC", "model", "P2000", "firmware", "FW-7.4"),
                2,
                1,
                0.05));
        assertThat(localizer.localize(leaves).causes())
                .extracting(RootCause::scope)
                .containsExactly(Map.of("host", "H2"));
    }

    @Test
    void findsAProvincesCarrier() {
        Score score = trials(
                "province and carrier",
                40,
                r -> Map.of(
                        scope(
                                "province",
                                PROVINCES[r.nextInt(PROVINCES.length)],
                                "carrier",
                                CARRIERS[r.nextInt(CARRIERS.length)]),
                        severity(r)));
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsAModelsFirmware() {
        Score score = trials(
                "model and firmware",
                40,
                r -> Map.of(
                        scope(
                                "model",
                                MODELS[r.nextInt(MODELS.length)],
                                "firmware",
                                FIRMWARE[r.nextInt(FIRMWARE.length)]),
                        severity(r)));
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsTwoCausesAtOnce() {
        Score score = trials("two causes at once", 40, r -> {
            String host = HOSTS[r.nextInt(HOSTS.length)];
            String province = PROVINCES[r.nextInt(PROVINCES.length)];
            String carrier = CARRIERS[r.nextInt(CARRIERS.length)];
            return Map.of(
                    scope("host", host), severity(r), scope("province", province, "carrier", carrier), severity(r));
        });
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.85);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.8);
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void findsAProvinceAloneAndAHostInOneProvince() {
        Score province = trials(
                "province alone",
                40,
                r -> Map.of(scope("province", PROVINCES[r.nextInt(PROVINCES.length)]), severity(r)));
        Score hostInProvince = trials(
                "host in one province",
                40,
                r -> Map.of(
                        scope(
                                "host",
                                HOSTS[r.nextInt(HOSTS.length)],
                                "province",
                                PROVINCES[r.nextInt(PROVINCES.length)]),
                        severity(r)));
        assertThat(province.f1()).isGreaterThanOrEqualTo(0.9);
        assertThat(hostInProvince.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsMildDegradationsMostOfTheTime() {
        Score score = trials(
                "mild (ratio 0.10-0.25)",
                40,
                r -> Map.of(scope("host", HOSTS[r.nextInt(HOSTS.length)]), 0.10 + r.nextDouble() * 0.15));
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.85);
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void aQuietCubeHasNoCause() {
        Localization quiet = localizer.localize(cube(new Random(1), new Well19937c(1), Map.of()));
        assertThat(quiet.causes()).isEmpty();
    }

    @Test
    void reportsTheShareOfTheExcessExplained() {
        Localization outage =
                localizer.localize(cube(new Random(2), new Well19937c(2), Map.of(scope("host", "H2"), 0.9)));
        assertThat(outage.causes()).extracting(RootCause::scope).containsExactly(scope("host", "H2"));
        assertThat(outage.explainedShare()).isGreaterThan(0.9);
        assertThat(outage.causes().get(0).failures() / outage.causes().get(0).attempts())
                .isGreaterThan(0.8);
    }

    @Test
    void enumeratesCuboidsFewestDimensionsFirst() {
        List<int[]> cuboids = Localizer.cuboids(3, 2);
        assertThat(cuboids)
                .containsExactly(
                        new int[] {0}, new int[] {1}, new int[] {2}, new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 2
                        });
    }

    // ---- exact scopes on a realistic fleet: hosts serve many provinces, each province has mobile carriers and Wi-Fi
    // and
    // Ethernet terminals, firmware runs on one model or on two; the normal ratio varies from leaf to leaf

    static final String[] FLEET_PROVINCES = {
        "110000", "310000", "320000", "330000", "370000", "420000", "440000", "510000", "610000", "650000"
    };
    static final String[] FLEET_CARRIERS = {"CMCC", "CUCC", "CTCC", "WIFI", "ETHERNET"};
    /** model → firmware; FW-7.4 runs on P2000 and A8, the others on one model. */
    static final Map<String, List<String>> FLEET_FIRMWARE = Map.of(
            "P2000",
            List.of("FW-7.3", "FW-7.4"),
            "A8",
            List.of("FW-7.4", "A8-3.1"),
            "N910",
            List.of("N910-1.2", "N910-1.3"));

    /** A window over that fleet: about {@code meanAttempts} per cell, the normal ratio 3 % ± 40 % per leaf, raised where a cause says. */
    static List<Leaf> fleet(long seed, double meanAttempts, Map<Map<String, String>, Double> causes) {
        Random random = new Random(seed);
        List<Leaf> leaves = new ArrayList<>();
        for (int p = 0; p < FLEET_PROVINCES.length; p++) {
            // each province on three of six hosts, so every host serves several provinces
            for (int h = 0; h < 3; h++) {
                String host = "H" + ((p + 2 * h) % 6 + 1);
                for (String carrier : FLEET_CARRIERS) {
                    for (var model : FLEET_FIRMWARE.entrySet()) {
                        for (String firmware : model.getValue()) {
                            Map<String, String> dims = Map.of(
                                    "province",
                                    FLEET_PROVINCES[p],
                                    "host",
                                    host,
                                    "carrier",
                                    carrier,
                                    "model",
                                    model.getKey(),
                                    "firmware",
                                    firmware);
                            int attempts = (int) Math.max(1, Math.round(meanAttempts * (0.5 + random.nextDouble())));
                            double ratio = 0.03 * Math.exp(0.4 * random.nextGaussian() - 0.08);
                            for (var cause : causes.entrySet()) {
                                if (dims.entrySet().containsAll(cause.getKey().entrySet())) {
                                    ratio = Math.max(ratio, cause.getValue());
                                }
                            }
                            int failures = 0;
                            for (int i = 0; i < attempts; i++) {
                                failures += random.nextDouble() < ratio ? 1 : 0;
                            }
                            leaves.add(new Leaf(dims, attempts, failures, attempts * 0.03));
                        }
                    }
                }
            }
        }
        return leaves;
    }

    private List<Map<String, String>> scopes(List<Leaf> leaves) {
        return localizer.localize(leaves).causes().stream()
                .map(RootCause::scope)
                .toList();
    }

    @Test
    void namesTheCarrierInTheProvinceNotTheProvince() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Leaf> leaves = fleet(seed, 3, Map.of(scope("province", "440000", "carrier", "CMCC"), 0.7));
            assertThat(scopes(leaves))
                    .as("seed %d", seed)
                    .containsExactly(scope("province", "440000", "carrier", "CMCC"));
        }
    }

    @Test
    void namesAFirmwareOnOneModelByTheFirmwareAndASharedFirmwareWithItsModel() {
        for (long seed = 1; seed <= 5; seed++) {
            // N910-1.3 runs on N910 only: {firmware} covers the same leaves as {model, firmware}, and is simpler
            assertThat(scopes(fleet(seed, 10, Map.of(scope("model", "N910", "firmware", "N910-1.3"), 0.5))))
                    .as("seed %d", seed)
                    .containsExactly(scope("firmware", "N910-1.3"));
            // FW-7.4 runs on P2000 and A8, and only A8 fails with it
            assertThat(scopes(fleet(seed, 10, Map.of(scope("model", "A8", "firmware", "FW-7.4"), 0.5))))
                    .as("seed %d", seed)
                    .containsExactly(scope("model", "A8", "firmware", "FW-7.4"));
        }
    }

    @Test
    void namesAHostThatServesManyProvinces() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(scopes(fleet(seed, 20, Map.of(scope("host", "H4"), 0.9))))
                    .as("seed %d", seed)
                    .containsExactly(scope("host", "H4"));
        }
    }

    @Test
    void namesTwoSimultaneousCausesEachExactly() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Leaf> leaves = fleet(
                    seed, 5, Map.of(scope("host", "H2"), 0.8, scope("province", "510000", "carrier", "WIFI"), 0.6));
            assertThat(scopes(leaves))
                    .as("seed %d", seed)
                    .containsExactlyInAnyOrder(scope("host", "H2"), scope("province", "510000", "carrier", "WIFI"));
        }
    }

    @Test
    void twoCarriersFailingInOneProvinceAreTwoCausesNotTheProvince() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Leaf> leaves = fleet(
                    seed,
                    5,
                    Map.of(
                            scope("province", "330000", "carrier", "CMCC"),
                            0.6,
                            scope("province", "330000", "carrier", "CUCC"),
                            0.6));
            assertThat(scopes(leaves))
                    .as("seed %d", seed)
                    .containsExactlyInAnyOrder(
                            scope("province", "330000", "carrier", "CMCC"),
                            scope("province", "330000", "carrier", "CUCC"));
        }
    }

    @Test
    void findsACauseExactlyAmongManyTinyCells() {
        for (long seed = 1; seed <= 5; seed++) {
            // one or two attempts per cell: each cell alone says nothing, the scope's totals do
            List<Leaf> leaves = fleet(seed, 1.5, Map.of(scope("province", "370000", "carrier", "CUCC"), 0.6));
            assertThat(leaves).allSatisfy(leaf -> assertThat(leaf.attempts()).isLessThanOrEqualTo(3));
            assertThat(scopes(leaves))
                    .as("seed %d", seed)
                    .containsExactly(scope("province", "370000", "carrier", "CUCC"));
        }
    }

    @Test
    void aProvinceWhoseEveryCarrierFailsIsTheProvince() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(scopes(fleet(seed, 5, Map.of(scope("province", "610000"), 0.5))))
                    .as("seed %d", seed)
                    .containsExactly(scope("province", "610000"));
        }
    }

    @Test
    void aWindowOfLeafToLeafNoiseAloneHasNoCause() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(scopes(fleet(seed, 300, Map.of()))).as("seed %d", seed).isEmpty();
        }
    }
}
