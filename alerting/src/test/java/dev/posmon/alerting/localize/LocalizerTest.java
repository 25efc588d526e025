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

    static final String[] PROVINCES = {"110000", "310000", "440000", "510000", "330000", "320000", "370000", "420000", "650000", "540000"};
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
                            Map<String, String> dims = Map.of("province", p, "host", h, "carrier", c, "model", m, "firmware", f);
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

    record Score(double precision, double recall, double f1) {
    }

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
        System.out.printf("localizer %-28s %3d trials: precision %.3f recall %.3f F1 %.3f%n", name, trials, precision, recall, f1);
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
                leaves.add(new Leaf(Map.of("province", p, "host", "H2", "carrier", c, "model", "P2000", "firmware", "FW-7.4"), 40, 38, 1));
                leaves.add(new Leaf(Map.of("province", p, "host", "H1", "carrier", c, "model", "A8", "firmware", "FW-7.4"), 40, 1, 1));
            }
        }
        // one P2000 elsewhere with a failure within its noise: the model's excess is a little larger, its gain the same
        leaves.add(new Leaf(Map.of("province", "110000", "host", "H1", "carrier", "CMCC", "model", "P2000", "firmware", "FW-7.4"), 2, 1, 0.05));
        assertThat(localizer.localize(leaves).causes()).extracting(RootCause::scope).containsExactly(Map.of("host", "H2"));
    }

    @Test
    void findsAProvincesCarrier() {
        Score score = trials("province and carrier", 40, r -> Map.of(
                scope("province", PROVINCES[r.nextInt(PROVINCES.length)], "carrier", CARRIERS[r.nextInt(CARRIERS.length)]), severity(r)));
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsAModelsFirmware() {
        Score score = trials("model and firmware", 40, r -> Map.of(
                scope("model", MODELS[r.nextInt(MODELS.length)], "firmware", FIRMWARE[r.nextInt(FIRMWARE.length)]), severity(r)));
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsTwoCausesAtOnce() {
        Score score = trials("two causes at once", 40, r -> {
            String host = HOSTS[r.nextInt(HOSTS.length)];
            String province = PROVINCES[r.nextInt(PROVINCES.length)];
            String carrier = CARRIERS[r.nextInt(CARRIERS.length)];
            return Map.of(scope("host", host), severity(r), scope("province", province, "carrier", carrier), severity(r));
        });
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.85);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.8);
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void findsAProvinceAloneAndAHostInOneProvince() {
        Score province = trials("province alone", 40, r -> Map.of(scope("province", PROVINCES[r.nextInt(PROVINCES.length)]), severity(r)));
        Score hostInProvince = trials("host in one province", 40, r -> Map.of(
                scope("host", HOSTS[r.nextInt(HOSTS.length)], "province", PROVINCES[r.nextInt(PROVINCES.length)]), severity(r)));
        assertThat(province.f1()).isGreaterThanOrEqualTo(0.9);
        assertThat(hostInProvince.f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void findsMildDegradationsMostOfTheTime() {
        Score score = trials("mild (ratio 0.10-0.25)", 40, r -> Map.of(scope("host", HOSTS[r.nextInt(HOSTS.length)]),
                0.10 + r.nextDouble() * 0.15));
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
        Localization outage = localizer.localize(cube(new Random(2), new Well19937c(2), Map.of(scope("host", "H2"), 0.9)));
        assertThat(outage.causes()).extracting(RootCause::scope).containsExactly(scope("host", "H2"));
        assertThat(outage.explainedShare()).isGreaterThan(0.9);
        assertThat(outage.causes().get(0).failures() / outage.causes().get(0).attempts()).isGreaterThan(0.8);
    }

    @Test
    void enumeratesCuboidsFewestDimensionsFirst() {
        List<List<String>> cuboids = Localizer.cuboids(List.of("a", "b", "c"), 2);
        assertThat(cuboids).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("a", "b"), List.of("a", "c"), List.of("b", "c"));
    }
}
