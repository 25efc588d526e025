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
 * Finds the smallest set of dimension-value scopes that explains a window's excess failures — the
 * multi-dimensional root-cause problem of Adtributor, HotSpot, Squeeze and RiskLoc. Our own method,
 * after Squeeze's "generalized potential score":
 * <ol>
 * <li>the deviation of the cube is Σ |failures − expected| over the leaves;</li>
 * <li>for every scope of up to {@code maxDimensions} dimensions, suppose it is the cause: the leaves inside
 * fail at the scope's own ratio (the ripple effect: a root cause raises its descendants alike), the leaves
 * outside as expected; its <em>gain</em> is the share of the deviation that this supposition removes;</li>
 * <li>take the scope with the highest gain (among near-equals, the one with the fewest dimensions, then the
 * likelier kind of cause: a host before a province, a carrier, a firmware or a model, for when the failing
 * terminals all share a model because they are all on one host; then the largest excess); treat its leaves as
 * explained and search the rest again for further causes, while a scope still removes enough of what is left.</li>
 * </ol>
 * A superset of the true scope pays for the normal leaves it wrongly raises; a subset pays for the
 * abnormal leaves it leaves out. Works on the ratio measure (failures over attempts) leaf by leaf. Plain class.
 */
public final class Localizer {

    private final LocalizerSettings settings;

    public Localizer(LocalizerSettings settings) {
        this.settings = settings;
    }

    public Localization localize(List<Leaf> leaves) {
        List<String> dimensions = new ArrayList<>(new TreeSet<>(leaves.stream().flatMap(l -> l.dimensions().keySet().stream()).toList()));
        double totalExcess = leaves.stream().mapToDouble(l -> Math.max(0, l.failures() - l.expectedFailures())).sum();
        if (totalExcess <= 0) {
            return new Localization(List.of(), 0, 0);
        }
        double[] explainedRatio = new double[leaves.size()];
        Arrays.fill(explainedRatio, Double.NaN);
        List<List<String>> cuboids = cuboids(dimensions, Math.min(settings.maxDimensions(), dimensions.size()));
        List<RootCause> causes = new ArrayList<>();
        double explained = 0;
        while (causes.size() < settings.maxCauses()) {
            double deviation = 0;
            for (int i = 0; i < leaves.size(); i++) {
                deviation += deviation(leaves.get(i).failures(), expected(leaves.get(i), explainedRatio[i]));
            }
            Candidate best = null;
            List<Candidate> candidates = new ArrayList<>();
            for (List<String> cuboid : cuboids) {
                for (Candidate candidate : candidates(leaves, explainedRatio, cuboid)) {
                    candidate.gain = deviation <= 0 ? 0 : (candidate.deviationInside - candidate.deviationIfCause) / deviation;
                    candidates.add(candidate);
                    if (best == null || candidate.gain > best.gain) {
                        best = candidate;
                    }
                }
            }
            if (best == null || best.gain < settings.minGain()) {
                break;
            }
            double bestGain = best.gain;
            Candidate chosen = candidates.stream()
                    .filter(c -> c.gain >= bestGain - settings.tolerance())
                    .min(Comparator.<Candidate>comparingInt(c -> c.scope.size()).thenComparingInt(c -> precedence(c.scope))
                            .thenComparing(c -> -c.excess()))
                    .orElseThrow();
            double share = chosen.excess() / totalExcess;
            if (share < settings.minShare() * (1 - explained)) {
                break;
            }
            causes.add(new RootCause(chosen.scope, chosen.attempts, chosen.failures, chosen.expected, Math.min(1, share)));
            explained += share;
            double ratio = chosen.failures / chosen.attempts;
            for (int i : chosen.leafIndexes) {
                explainedRatio[i] = ratio;
            }
        }
        return new Localization(List.copyOf(causes), totalExcess, Math.min(1, explained));
    }

    /** Shared infrastructure fails more often than a device population: host, province, carrier, firmware, model. */
    private static final List<String> PRECEDENCE = List.of("host", "province", "carrier", "firmware", "model");

    static int precedence(Map<String, String> scope) {
        return scope.keySet().stream().mapToInt(dimension -> {
            int rank = PRECEDENCE.indexOf(dimension);
            return rank < 0 ? PRECEDENCE.size() : rank;
        }).min().orElse(PRECEDENCE.size());
    }

    /**
     * How far a leaf is from an expectation, beyond counting noise (two standard deviations of a Poisson
     * count): without this, the noise of thousands of normal leaves would drown a small second cause.
     */
    static double deviation(double actual, double expected) {
        return Math.max(0, Math.abs(actual - expected) - 2 * Math.sqrt(expected + 1));
    }

    /** A leaf's expectation: its own, or — once a cause explains it — the cause's ratio. */
    private static double expected(Leaf leaf, double explainedRatio) {
        return Double.isNaN(explainedRatio) ? leaf.expectedFailures() : leaf.attempts() * explainedRatio;
    }

    private static List<Candidate> candidates(List<Leaf> leaves, double[] explainedRatio, List<String> cuboid) {
        Map<List<String>, Candidate> byValues = new HashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (!Double.isNaN(explainedRatio[i])) {
                continue;
            }
            Leaf leaf = leaves.get(i);
            List<String> values = new ArrayList<>(cuboid.size());
            for (String dimension : cuboid) {
                values.add(leaf.dimensions().get(dimension));
            }
            if (values.contains(null)) {
                continue;
            }
            Candidate candidate = byValues.computeIfAbsent(values, v -> new Candidate(scope(cuboid, v)));
            candidate.leafIndexes.add(i);
            candidate.attempts += leaf.attempts();
            candidate.failures += leaf.failures();
            candidate.expected += leaf.expectedFailures();
            candidate.deviationInside += deviation(leaf.failures(), leaf.expectedFailures());
        }
        List<Candidate> worthIt = new ArrayList<>();
        for (Candidate candidate : byValues.values()) {
            if (candidate.attempts <= 0 || candidate.excess() <= 0) {
                continue;
            }
            double ratio = candidate.failures / candidate.attempts;
            for (int i : candidate.leafIndexes) {
                Leaf leaf = leaves.get(i);
                candidate.deviationIfCause += deviation(leaf.failures(), leaf.attempts() * ratio);
            }
            worthIt.add(candidate);
        }
        return worthIt;
    }

    private static Map<String, String> scope(List<String> cuboid, List<String> values) {
        Map<String, String> scope = new LinkedHashMap<>();
        for (int d = 0; d < cuboid.size(); d++) {
            scope.put(cuboid.get(d), values.get(d));
        }
        return scope;
    }

    /** Every combination of 1..max dimensions, fewest first. */
    static List<List<String>> cuboids(List<String> dimensions, int max) {
        List<List<String>> all = new ArrayList<>();
        for (int size = 1; size <= max; size++) {
            combine(dimensions, size, 0, new ArrayList<>(), all);
        }
        return all;
    }

    private static void combine(List<String> dimensions, int size, int from, List<String> current, List<List<String>> out) {
        if (current.size() == size) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i < dimensions.size(); i++) {
            current.add(dimensions.get(i));
            combine(dimensions, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    private static final class Candidate {
        final Map<String, String> scope;
        final List<Integer> leafIndexes = new ArrayList<>();
        double attempts;
        double failures;
        double expected;
        double deviationInside;
        double deviationIfCause;
        double gain;

        Candidate(Map<String, String> scope) {
            this.scope = scope;
        }

        double excess() {
            return failures - expected;
        }
    }
}
