package dev.posmon.alerting.localize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ./posmon bench localize}: how often the {@link Localizer} names exactly the scopes that failed, on synthetic
 * windows of a realistic fleet, beside a simple Adtributor-style baseline. Every case is a fresh fleet (30 provinces;
 * 10 hosts, each serving about ten of them; the three mobile carriers plus Wi-Fi and Ethernet per province; six
 * models whose firmware versions are partly shared between models; three app versions on every model and firmware) with
 * a daily-normal failure ratio of 1–5 % that varies from leaf to leaf, cells from 1–3 attempts to hundreds, and 1–3
 * simultaneous causes (a host, a province, a carrier in a province, a model's firmware, a host in a province, an app
 * version), each with at least the volume the detector would page for on its own. A reported scope is right when it
 * covers exactly the leaves a true cause covers (so {@code {firmware}} counts for {@code {model, firmware}} where that
 * firmware runs on that model only). Prints figures; asserts nothing.
 * <p>
 * Usage: {@code LocalizeBenchmark [cases] [seed]}.
 */
public final class LocalizeBenchmark {

    static final String[] PROVINCES = {
        "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000", "320000", "330000",
        "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000", "460000", "500000",
        "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000"
    };
    static final String[] HOSTS = {"H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10"};
    static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC", "WIFI", "ETHERNET"};
    /** Traffic weight of each carrier: most terminals sign on over a mobile network. */
    static final double[] CARRIER_WEIGHT = {1.6, 1.0, 0.8, 0.7, 0.4};
    /** Each model's firmware versions; FW-7.4 and FW-8.0 run on two models each, the rest on one. */
    static final Map<String, List<String>> FIRMWARE = new LinkedHashMap<>();

    static {
        FIRMWARE.put("P2000", List.of("FW-7.3", "FW-7.4"));
        FIRMWARE.put("A8", List.of("FW-7.4", "A8-3.1"));
        FIRMWARE.put("N910", List.of("N910-1.2", "N910-1.3"));
        FIRMWARE.put("S920", List.of("FW-8.0", "S920-2.0"));
        FIRMWARE.put("X990", List.of("FW-8.0", "X990-5.5", "X990-5.6"));
        FIRMWARE.put("V240M", List.of("V240M-1.0", "V240M-1.1"));
    }

    /** App versions, each on every model and firmware. */
    static final String[] APPS = {"3.4.1", "3.4.0", "3.3.7"};

    enum Kind {
        HOST,
        PROVINCE,
        PROVINCE_CARRIER,
        MODEL_FIRMWARE,
        HOST_PROVINCE,
        APP
    }

    /** One synthetic window: its leaves and the scopes that truly failed. */
    record Case(List<Leaf> leaves, List<Map<String, String>> truth, List<Kind> kinds, double meanAttempts) {}

    /** What a method found in a case, and how long it took. */
    record Outcome(Set<BitSet> right, int reported, List<BitSet> truthCovers, boolean exact, long nanos) {

        int truePositives() {
            return right.size();
        }

        int truth() {
            return new HashSet<>(truthCovers).size();
        }
    }

    private LocalizeBenchmark() {}

    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261126L;
        Random random = new Random(seed);
        List<Case> all = new ArrayList<>(cases);
        for (int i = 0; i < cases; i++) {
            all.add(generate(random));
        }
        double leaves = all.stream().mapToInt(c -> c.leaves().size()).average().orElse(0);
        double causes = all.stream().mapToInt(c -> c.truth().size()).average().orElse(0);
        System.out.printf(
                "posmon bench localize: %d cases, seed %d; %.0f leaves and %.2f causes per case on average%n",
                cases, seed, leaves, causes);
        Localizer localizer = new Localizer(LocalizerSettings.DEFAULTS);
        Map<String, Function<List<Leaf>, List<Map<String, String>>>> methods = new LinkedHashMap<>();
        methods.put(
                "posmon Localizer",
                l -> localizer.localize(l).causes().stream()
                        .map(RootCause::scope)
                        .toList());
        methods.put("Adtributor baseline", Adtributor::localize);
        // a warm-up pass, so the figures are of compiled code
        for (var method : methods.values()) {
            for (int i = 0; i < Math.min(50, all.size()); i++) {
                method.apply(all.get(i).leaves());
            }
        }
        System.out.printf(
                "%n%-22s %16s %13s %17s %10s %10s%n",
                "method", "scope precision", "scope recall", "exact-scope rate", "p50 ms", "p95 ms");
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        for (var method : methods.entrySet()) {
            List<Outcome> results = new ArrayList<>(all.size());
            for (Case c : all) {
                results.add(run(c, method.getValue()));
            }
            outcomes.put(method.getKey(), results);
            print(method.getKey(), results);
        }
        System.out.printf("%nexact-scope rate by cell size (mean attempts per cell) and recall by kind of cause:%n");
        System.out.printf(
                "%-22s %10s %10s %10s   %s%n",
                "method",
                "1-3",
                "3-30",
                "30+",
                String.join(
                        " ",
                        Arrays.stream(Kind.values())
                                .map(k -> String.format(
                                        "%16s", k.name().toLowerCase().replace('_', '+')))
                                .toList()));
        for (var entry : outcomes.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-22s", entry.getKey()));
            double[][] bands = {{0, 3}, {3, 30}, {30, Double.MAX_VALUE}};
            for (double[] band : bands) {
                int n = 0;
                int exact = 0;
                for (int i = 0; i < all.size(); i++) {
                    double mean = all.get(i).meanAttempts();
                    if (mean >= band[0] && mean < band[1]) {
                        n++;
                        exact += entry.getValue().get(i).exact() ? 1 : 0;
                    }
                }
                line.append(String.format(" %10s", n == 0 ? "-" : String.format("%.3f", (double) exact / n)));
            }
            line.append("  ");
            for (Kind kind : Kind.values()) {
                line.append(String.format(" %16.3f", recallOf(kind, all, entry.getValue())));
            }
            System.out.println(line);
        }
    }

    private static void print(String name, List<Outcome> results) {
        int truePositives = results.stream().mapToInt(Outcome::truePositives).sum();
        int reported = results.stream().mapToInt(Outcome::reported).sum();
        int truth = results.stream().mapToInt(Outcome::truth).sum();
        long exact = results.stream().filter(Outcome::exact).count();
        long[] nanos = results.stream().mapToLong(Outcome::nanos).sorted().toArray();
        System.out.printf(
                "%-22s %16.3f %13.3f %17.3f %10.2f %10.2f%n",
                name,
                reported == 0 ? 0 : (double) truePositives / reported,
                (double) truePositives / truth,
                (double) exact / results.size(),
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) Math.ceil(nanos.length * 0.95) - 1] / 1e6);
    }

    static Outcome run(Case c, Function<List<Leaf>, List<Map<String, String>>> method) {
        long start = System.nanoTime();
        List<Map<String, String>> found = method.apply(c.leaves());
        long nanos = System.nanoTime() - start;
        List<BitSet> truthCovers =
                c.truth().stream().map(scope -> covered(c.leaves(), scope)).toList();
        Set<BitSet> truth = new HashSet<>(truthCovers);
        Set<BitSet> reported = new HashSet<>();
        found.forEach(scope -> reported.add(covered(c.leaves(), scope)));
        Set<BitSet> right = new HashSet<>(reported);
        right.retainAll(truth);
        return new Outcome(right, reported.size(), truthCovers, reported.equals(truth), nanos);
    }

    /** The share of the true causes of this kind that a method named exactly. */
    private static double recallOf(Kind kind, List<Case> all, List<Outcome> outcomes) {
        int truth = 0;
        int found = 0;
        for (int c = 0; c < all.size(); c++) {
            for (int i = 0; i < all.get(c).truth().size(); i++) {
                if (all.get(c).kinds().get(i) == kind) {
                    truth++;
                    found += outcomes.get(c)
                                    .right()
                                    .contains(outcomes.get(c).truthCovers().get(i))
                            ? 1
                            : 0;
                }
            }
        }
        return truth == 0 ? Double.NaN : (double) found / truth;
    }

    /** The leaves a scope covers: two scopes are the same answer when they cover the same leaves. */
    static BitSet covered(List<Leaf> leaves, Map<String, String> scope) {
        BitSet covered = new BitSet(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).dimensions().entrySet().containsAll(scope.entrySet())) {
                covered.set(i);
            }
        }
        return covered;
    }

    /** One window of a freshly drawn fleet with 1–3 causes. */
    static Case generate(Random random) {
        List<Map<String, String>> cells = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<String> models = new ArrayList<>(FIRMWARE.keySet());
        double presence = 0.7 + 0.3 * random.nextDouble();
        for (String province : PROVINCES) {
            List<String> hosts = pick(random, HOSTS, 3 + random.nextInt(2));
            List<String> provinceModels = pick(random, models.toArray(String[]::new), 3 + random.nextInt(3));
            double provinceWeight = Math.exp(random.nextGaussian() * 0.5);
            for (String host : hosts) {
                for (int c = 0; c < CARRIERS.length; c++) {
                    if (CARRIERS[c].equals("ETHERNET") && random.nextDouble() < 0.3) {
                        continue;
                    }
                    for (String model : provinceModels) {
                        for (String firmware : FIRMWARE.get(model)) {
                            for (String app : APPS) {
                                if (random.nextDouble() > presence) {
                                    continue;
                                }
                                cells.add(Map.of(
                                        "province",
                                        province,
                                        "host",
                                        host,
                                        "carrier",
                                        CARRIERS[c],
                                        "model",
                                        model,
                                        "firmware",
                                        firmware,
                                        "app",
                                        app));
                                weights.add(provinceWeight * CARRIER_WEIGHT[c] * Math.exp(random.nextGaussian() * 0.8));
                            }
                        }
                    }
                }
            }
        }
        double meanWeight =
                weights.stream().mapToDouble(Double::doubleValue).average().orElse(1);
        // cells of 1–3 attempts on average up to several hundred: a quiet night of a small fleet to a busy hour of a
        // large one
        double meanAttempts = Math.exp(Math.log(1.2) + random.nextDouble() * (Math.log(400) - Math.log(1.2)));
        double fleetRatio = 0.01 + 0.04 * random.nextDouble();
        int[] attempts = new int[cells.size()];
        double[] ratio = new double[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            attempts[i] = poisson(random, meanAttempts * weights.get(i) / meanWeight);
            ratio[i] = Math.min(0.5, fleetRatio * Math.exp(random.nextGaussian() * 0.4 - 0.08));
        }
        int count = 1 + (random.nextDouble() < 0.5 ? 0 : random.nextDouble() < 0.6 ? 1 : 2);
        List<Map<String, String>> truth = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<BitSet> covers = new ArrayList<>();
        for (int tries = 0; truth.size() < count && tries < 200; tries++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            Map<String, String> cell = cells.get(random.nextInt(cells.size()));
            Map<String, String> scope = switch (kind) {
                case HOST -> Map.of("host", cell.get("host"));
                case PROVINCE -> Map.of("province", cell.get("province"));
                case PROVINCE_CARRIER -> Map.of("province", cell.get("province"), "carrier", cell.get("carrier"));
                case MODEL_FIRMWARE -> Map.of("model", cell.get("model"), "firmware", cell.get("firmware"));
                case HOST_PROVINCE -> Map.of("host", cell.get("host"), "province", cell.get("province"));
                case APP -> Map.of("app", cell.get("app"));
            };
            BitSet cover = new BitSet(cells.size());
            long scopeAttempts = 0;
            for (int i = 0; i < cells.size(); i++) {
                if (attempts[i] > 0 && cells.get(i).entrySet().containsAll(scope.entrySet())) {
                    cover.set(i);
                    scopeAttempts += attempts[i];
                }
            }
            double causeRatio = 0.12 + random.nextDouble() * 0.83;
            // a cause the detector would page for on its own (its volume guard: 30 attempts, 8 failures), not nested in
            // another
            if (scopeAttempts < 30 || scopeAttempts * (causeRatio - fleetRatio) < 10 || nested(cover, covers)) {
                continue;
            }
            truth.add(scope);
            kinds.add(kind);
            covers.add(cover);
            for (int i = cover.nextSetBit(0); i >= 0; i = cover.nextSetBit(i + 1)) {
                ratio[i] = Math.max(ratio[i], causeRatio);
            }
        }
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (attempts[i] > 0) {
                leaves.add(new Leaf(
                        cells.get(i), attempts[i], binomial(random, attempts[i], ratio[i]), attempts[i] * fleetRatio));
            }
        }
        return new Case(leaves, truth, kinds, (double) Arrays.stream(attempts).sum() / leaves.size());
    }

    private static boolean nested(BitSet cover, List<BitSet> others) {
        for (BitSet other : others) {
            BitSet both = (BitSet) cover.clone();
            both.and(other);
            if (both.equals(cover) || both.equals(other)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> pick(Random random, String[] from, int n) {
        List<String> all = new ArrayList<>(List.of(from));
        Collections.shuffle(all, random);
        return all.subList(0, Math.min(n, all.size()));
    }

    static int poisson(Random random, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    static int binomial(Random random, int n, double p) {
        if (n <= 64) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                k += random.nextDouble() < p ? 1 : 0;
            }
            return k;
        }
        double variance = n * p * (1 - p);
        if (variance > 9) {
            return (int) Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(variance) * random.nextGaussian())));
        }
        return p <= 0.5 ? Math.min(n, poisson(random, n * p)) : n - Math.min(n, poisson(random, n * (1 - p)));
    }

    /**
     * The baseline, after Adtributor (Bhagwan et al., NSDI 2014): per dimension, each value's explanatory power (its
     * share of the window's excess failures) and surprise (the Jensen–Shannon divergence between its share of the
     * expected and of the actual failures); the values of highest surprise, each explaining at least 10 %, are taken
     * until together they explain 67 %; the dimension whose set is most surprising wins, each value a scope of one
     * dimension.
     */
    static final class Adtributor {

        static final double MIN_VALUE_POWER = 0.1;
        static final double SET_POWER = 0.67;

        private Adtributor() {}

        static List<Map<String, String>> localize(List<Leaf> leaves) {
            double actual = leaves.stream().mapToDouble(Leaf::failures).sum();
            double expected =
                    leaves.stream().mapToDouble(Leaf::expectedFailures).sum();
            if (actual <= expected) {
                return List.of();
            }
            Set<String> dimensions = new HashSet<>();
            leaves.forEach(l -> dimensions.addAll(l.dimensions().keySet()));
            List<Map<String, String>> best = List.of();
            boolean bestComplete = false;
            double bestSurprise = -1;
            for (String dimension : dimensions.stream().sorted().toList()) {
                Map<String, double[]> byValue = new HashMap<>();
                for (Leaf leaf : leaves) {
                    double[] sums = byValue.computeIfAbsent(leaf.dimensions().get(dimension), v -> new double[2]);
                    sums[0] += leaf.failures();
                    sums[1] += leaf.expectedFailures();
                }
                List<Map.Entry<String, double[]>> values = new ArrayList<>(byValue.entrySet());
                values.sort((a, b) -> Double.compare(
                        surprise(b.getValue(), actual, expected), surprise(a.getValue(), actual, expected)));
                List<Map<String, String>> set = new ArrayList<>();
                double power = 0;
                double surprise = 0;
                for (var value : values) {
                    double valuePower = (value.getValue()[0] - value.getValue()[1]) / (actual - expected);
                    if (valuePower < MIN_VALUE_POWER) {
                        continue;
                    }
                    set.add(Map.of(dimension, value.getKey()));
                    power += valuePower;
                    surprise += surprise(value.getValue(), actual, expected);
                    if (power >= SET_POWER) {
                        break;
                    }
                }
                boolean complete = power >= SET_POWER;
                if (!set.isEmpty()
                        && (complete && !bestComplete || complete == bestComplete && surprise > bestSurprise)) {
                    best = set;
                    bestComplete = complete;
                    bestSurprise = surprise;
                }
            }
            return best;
        }

        static double surprise(double[] sums, double actual, double expected) {
            double p = sums[1] / expected;
            double q = sums[0] / actual;
            return 0.5 * (term(p, (p + q) / 2) + term(q, (p + q) / 2));
        }

        private static double term(double x, double mean) {
            return x <= 0 ? 0 : x * Math.log(x / mean);
        }
    }
}
