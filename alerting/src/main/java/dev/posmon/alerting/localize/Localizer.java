package dev.posmon.alerting.localize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the scopes (sets of dimension values, e.g. {@code {province=440000, carrier=CMCC}}) that explain a window's
 * excess failures, each covering the failing terminals and nothing else that is healthy — the multi-dimensional
 * root-cause problem of Adtributor, HotSpot, Squeeze and RiskLoc. Our own method, a penalised likelihood:
 * <ol>
 * <li><em>Evidence.</em> Every scope of up to {@code maxDimensions} dimensions is a candidate. Suppose it is the cause:
 * its leaves fail alike at the scope's own ratio (a root cause raises its descendants alike), the rest as expected. Its
 * evidence is the binomial log-likelihood ratio of that against every leaf failing as expected, computed on the scope's
 * totals, so a hundred cells of two attempts weigh as much as one cell of two hundred. A wider scope that also holds
 * normal leaves dilutes its ratio and loses evidence; a narrower one leaves failures out and loses evidence too. Leaves
 * differ in their normal ratio beyond counting noise, which matters in large cells: the evidence is divided by the
 * scope's dispersion, estimated from the window itself ({@link Cube#spread}).</li>
 * <li><em>Cost.</em> Naming a scope costs the information it takes: the natural log of the number of values of each of
 * its dimensions (so {@code {firmware}} beats {@code {model, firmware}} when they cover the same leaves, and a narrower
 * scope must earn its extra dimension), plus {@code kindCost} nats per step of the likelier kind of cause its likeliest
 * dimension names (a host before a province, a carrier, a firmware, a model: shared infrastructure fails more often
 * than a device population). The score is evidence minus cost.</li>
 * <li><em>No healthy part.</em> Split a candidate by each dimension it does not fix; a child (say the candidate's Wi-Fi
 * terminals) whose counts are better explained by the expectation than by the candidate's ratio, by more than
 * {@code healthyEvidence} nats, shows that the candidate is too wide. The best-scoring candidate without such a part
 * is the cause (if every candidate has one, the best-scoring); so two carriers failing in one province are two
 * causes, not the province.</li>
 * <li>The cause's leaves count as explained; the rest are searched again, while a cause's score reaches
 * {@code minEvidence} and its excess is at least {@code minShare} of the net excess (failures minus expected) of the
 * leaves not explained yet.</li>
 * </ol>
 * Expected failures come with the leaves (attempts × the fleet's ratio in the service). Plain class.
 */
public final class Localizer {

    /**
     * Shared infrastructure fails more often than a device population: host, province, carrier, firmware, model, then
     * the app version (last: naming it never makes a model or firmware scope costlier than before it was a dimension).
     */
    private static final List<String> PRECEDENCE = List.of("host", "province", "carrier", "firmware", "model", "app");
    /** Ratios are kept off 0 and 1, where a log-likelihood is infinite. */
    private static final double EPSILON = 1e-9;

    private static final double ROUNDING = 1e-6;
    /** Leaves expecting fewer failures show only counting noise, not how much their normal ratios differ. */
    static final double MIN_EXPECTED_FOR_SPREAD = 5;

    private final LocalizerSettings settings;

    public Localizer(LocalizerSettings settings) {
        this.settings = settings;
    }

    public Localization localize(List<Leaf> leaves) {
        double totalExcess = leaves.stream()
                .mapToDouble(l -> Math.max(0, l.failures() - l.expectedFailures()))
                .sum();
        if (totalExcess <= 0) {
            return new Localization(List.of(), 0, 0);
        }
        Cube cube = new Cube(leaves, settings.maxDimensions());
        boolean[] explained = new boolean[leaves.size()];
        List<RootCause> causes = new ArrayList<>();
        double explainedExcess = 0;
        // net of the leaves below expectation: the sum of the leaves above it grows with the noise of many small cells
        double netExcess = leaves.stream()
                .mapToDouble(l -> l.failures() - l.expectedFailures())
                .sum();
        while (causes.size() < settings.maxCauses()) {
            Scope cause = next(cube, explained);
            if (cause == null || cause.excess() < settings.minShare() * netExcess) {
                break;
            }
            causes.add(new RootCause(
                    cube.scope(cause),
                    cause.attempts,
                    cause.failures,
                    cause.expected,
                    Math.min(1, cause.excess() / totalExcess)));
            explainedExcess += cause.excess();
            netExcess -= cause.excess();
            for (int leaf : cause.leaves) {
                if (!explained[leaf]) {
                    explained[leaf] = true;
                    cube.remove(leaf);
                }
            }
        }
        return new Localization(List.copyOf(causes), totalExcess, Math.min(1, explainedExcess / totalExcess));
    }

    /** The best-scoring scope without a healthy part (else the best-scoring), or none if none reaches the minimum evidence. */
    private Scope next(Cube cube, boolean[] explained) {
        List<Scope> significant = new ArrayList<>();
        for (Scope scope : cube.scopes) {
            // (totals of explained leaves are subtracted: what is left of a scope may be rounding)
            if (scope.failures > scope.expected && scope.attempts > ROUNDING) {
                double dispersion = dispersion(cube.spread, scope.expected, scope.expectedSquares);
                scope.score = evidence(scope.failures, scope.attempts, scope.expected / scope.attempts) / dispersion
                        - cube.cost(scope, settings.kindCost());
                if (scope.score >= settings.minEvidence()) {
                    significant.add(scope);
                }
            }
        }
        if (significant.isEmpty()) {
            return null;
        }
        significant.sort(Comparator.<Scope>comparingDouble(s -> -s.score)
                .thenComparingInt(s -> s.dimensions.length)
                .thenComparing(cube::name));
        for (Scope scope : significant) {
            if (healthiestPart(cube, scope, explained) <= settings.healthyEvidence()) {
                return scope;
            }
        }
        return significant.get(0);
    }

    /**
     * The strongest evidence that one child of the scope (the scope and one more dimension's value) fails as expected
     * rather than at the scope's ratio, in nats over its dispersion (0 if every child looks raised). Children are
     * aggregates of many leaves, so a few unlucky small cells of a true cause do not make it look too wide.
     */
    static double healthiestPart(Cube cube, Scope scope, boolean[] explained) {
        double ratio = scope.failures / scope.attempts;
        double healthiest = 0;
        for (int d = 0; d < cube.dimensions.size(); d++) {
            if (scope.fixes(d)) {
                continue;
            }
            double[][] children = new double[cube.values.get(d).size()][4];
            for (int leaf : scope.leaves) {
                if (!explained[leaf] && cube.codes[leaf][d] >= 0) {
                    double[] child = children[cube.codes[leaf][d]];
                    Leaf l = cube.leaves.get(leaf);
                    child[0] += l.attempts();
                    child[1] += l.failures();
                    child[2] += l.expectedFailures();
                    child[3] += l.expectedFailures() * l.expectedFailures();
                }
            }
            for (double[] child : children) {
                if (child[0] > 0) {
                    double dispersion = dispersion(cube.spread, child[2], child[3]);
                    double normal = (logLikelihood(child[1], child[0], child[2] / child[0])
                                    - logLikelihood(child[1], child[0], ratio))
                            / dispersion;
                    healthiest = Math.max(healthiest, normal);
                }
            }
        }
        return healthiest;
    }

    /** How much more than counting noise a set of leaves varies: 1 + spread × Σ expected² / Σ expected. */
    static double dispersion(double spread, double expected, double expectedSquares) {
        return expected > 0 ? 1 + spread * expectedSquares / expected : 1;
    }

    /** The binomial log-likelihood ratio of failing at the observed ratio against failing at the expected one. */
    static double evidence(double failures, double attempts, double expectedRatio) {
        return logLikelihood(failures, attempts, failures / attempts)
                - logLikelihood(failures, attempts, expectedRatio);
    }

    static double logLikelihood(double failures, double attempts, double ratio) {
        double p = Math.min(1 - EPSILON, Math.max(EPSILON, ratio));
        double successes = Math.max(0, attempts - failures);
        return (failures > 0 ? failures * Math.log(p) : 0) + (successes > 0 ? successes * Math.log(1 - p) : 0);
    }

    static int precedence(String dimension) {
        int rank = PRECEDENCE.indexOf(dimension);
        return rank < 0 ? PRECEDENCE.size() : rank;
    }

    /** Every combination of 1..max dimension indexes, fewest first. */
    static List<int[]> cuboids(int dimensions, int max) {
        List<int[]> all = new ArrayList<>();
        for (int size = 1; size <= Math.min(max, dimensions); size++) {
            combine(dimensions, size, 0, new int[size], 0, all);
        }
        return all;
    }

    private static void combine(int dimensions, int size, int from, int[] current, int filled, List<int[]> out) {
        if (filled == size) {
            out.add(current.clone());
            return;
        }
        for (int d = from; d < dimensions; d++) {
            current[filled] = d;
            combine(dimensions, size, d + 1, current, filled + 1, out);
        }
    }

    /** A candidate: the values it fixes for some dimensions, and the totals of its leaves not explained yet. */
    static final class Scope {
        final int[] dimensions;
        final int[] values;
        /** Indexes of the leaves it covers, explained or not. */
        int[] leaves = new int[4];

        int size;
        double attempts;
        double failures;
        double expected;
        /** Σ expected² over its leaves: how much of its expectation sits in large cells, for its dispersion. */
        double expectedSquares;

        double score;

        Scope(int[] dimensions, int[] values) {
            this.dimensions = dimensions;
            this.values = values;
        }

        void add(int leaf) {
            if (size == leaves.length) {
                leaves = Arrays.copyOf(leaves, size * 2);
            }
            leaves[size++] = leaf;
        }

        void trim() {
            leaves = Arrays.copyOf(leaves, size);
        }

        boolean fixes(int dimension) {
            for (int d : dimensions) {
                if (d == dimension) {
                    return true;
                }
            }
            return false;
        }

        double excess() {
            return failures - expected;
        }
    }

    /** The leaves with their dimension values as codes, and every candidate scope with its totals. */
    static final class Cube {
        final List<Leaf> leaves;
        final List<String> dimensions;
        final List<List<String>> values = new ArrayList<>();
        final int[][] codes;
        final List<Scope> scopes = new ArrayList<>();
        /** For each leaf, the scopes that cover it (one per cuboid it has all dimensions of). */
        final Scope[][] scopesOf;
        /** The relative variance of the leaves' normal ratios around their expectation (see {@link #spread}). */
        final double spread;

        Cube(List<Leaf> leaves, int maxDimensions) {
            this.leaves = leaves;
            this.dimensions = new ArrayList<>(new TreeSet<>(leaves.stream()
                    .flatMap(l -> l.dimensions().keySet().stream())
                    .toList()));
            List<Map<String, Integer>> codeOf = new ArrayList<>();
            for (int d = 0; d < dimensions.size(); d++) {
                values.add(new ArrayList<>());
                codeOf.add(new HashMap<>());
            }
            codes = new int[leaves.size()][dimensions.size()];
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                for (int d = 0; d < dimensions.size(); d++) {
                    String value = leaves.get(leaf).dimensions().get(dimensions.get(d));
                    List<String> known = values.get(d);
                    codes[leaf][d] = value == null
                            ? -1
                            : codeOf.get(d).computeIfAbsent(value, v -> {
                                known.add(v);
                                return known.size() - 1;
                            });
                }
            }
            List<int[]> cuboids = cuboids(dimensions.size(), maxDimensions);
            scopesOf = new Scope[leaves.size()][cuboids.size()];
            for (int c = 0; c < cuboids.size(); c++) {
                int[] cuboid = cuboids.get(c);
                Map<Long, Scope> byKey = new HashMap<>();
                for (int leaf = 0; leaf < leaves.size(); leaf++) {
                    long key = 0;
                    for (int i = 0; i < cuboid.length && key >= 0; i++) {
                        int value = codes[leaf][cuboid[i]];
                        key = value < 0 ? -1 : key * values.get(cuboid[i]).size() + value;
                    }
                    if (key < 0) {
                        continue;
                    }
                    Scope scope = byKey.get(key);
                    if (scope == null) {
                        int[] scopeValues = new int[cuboid.length];
                        for (int i = 0; i < cuboid.length; i++) {
                            scopeValues[i] = codes[leaf][cuboid[i]];
                        }
                        scope = new Scope(cuboid, scopeValues);
                        byKey.put(key, scope);
                        scopes.add(scope);
                    }
                    Leaf l = leaves.get(leaf);
                    scope.attempts += l.attempts();
                    scope.failures += l.failures();
                    scope.expected += l.expectedFailures();
                    scope.expectedSquares += l.expectedFailures() * l.expectedFailures();
                    scopesOf[leaf][c] = scope;
                    scope.add(leaf);
                }
            }
            scopes.forEach(Scope::trim);
            spread = spread(leaves);
        }

        /**
         * Leaves differ in their normal ratio (a chain's merchants, a model's age), beyond counting noise: a leaf's
         * failures vary by about expected × (1 + spread × expected). Estimated from the window itself as the median
         * over the leaves that expect enough failures to show it, so that a cause covering a minority of leaves does not
         * count; a scope's evidence is divided by its dispersion 1 + spread × Σ expected² / Σ expected (quasi-likelihood).
         */
        static double spread(List<Leaf> leaves) {
            List<Double> each = new ArrayList<>();
            for (Leaf leaf : leaves) {
                double expected = leaf.expectedFailures();
                if (expected >= MIN_EXPECTED_FOR_SPREAD) {
                    double deviation = leaf.failures() - expected;
                    // the median of a squared standard normal is 0.455
                    each.add((deviation * deviation / 0.455 - expected) / (expected * expected));
                }
            }
            if (each.isEmpty()) {
                return 0;
            }
            each.sort(null);
            return Math.max(0, each.get(each.size() / 2));
        }

        /** The leaf is explained: no candidate counts it any more. */
        void remove(int leaf) {
            Leaf l = leaves.get(leaf);
            for (Scope scope : scopesOf[leaf]) {
                if (scope == null) {
                    continue;
                }
                scope.attempts -= l.attempts();
                scope.failures -= l.failures();
                scope.expected -= l.expectedFailures();
                scope.expectedSquares -= l.expectedFailures() * l.expectedFailures();
            }
        }

        double cost(Scope scope, double kindCost) {
            double cost = 0;
            int likeliest = PRECEDENCE.size();
            for (int d : scope.dimensions) {
                cost += Math.log(values.get(d).size());
                likeliest = Math.min(likeliest, precedence(dimensions.get(d)));
            }
            return cost + kindCost * likeliest;
        }

        Map<String, String> scope(Scope scope) {
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < scope.dimensions.length; i++) {
                named.put(
                        dimensions.get(scope.dimensions[i]),
                        values.get(scope.dimensions[i]).get(scope.values[i]));
            }
            return named;
        }

        String name(Scope scope) {
            return scope(scope).toString();
        }
    }
}
