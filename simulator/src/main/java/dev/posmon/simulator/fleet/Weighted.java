package dev.posmon.simulator.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A weighted choice among values: {@link #pick} draws one with probability weight / total. Immutable. */
public final class Weighted<T> {

    private final List<T> values;
    private final double[] cumulative;

    private Weighted(List<T> values, double[] cumulative) {
        this.values = List.copyOf(values);
        this.cumulative = cumulative;
    }

    /** Alternating value, weight pairs. */
    @SuppressWarnings("unchecked")
    public static <T> Weighted<T> of(Object... valueWeightPairs) {
        int n = valueWeightPairs.length / 2;
        List<T> values = new ArrayList<>(n);
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            values.add((T) valueWeightPairs[2 * i]);
            sum += ((Number) valueWeightPairs[2 * i + 1]).doubleValue();
            cumulative[i] = sum;
        }
        return new Weighted<>(values, cumulative);
    }

    public List<T> values() {
        return values;
    }

    public T pick(SplittableRandom random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }

    /** The share of one value's weight in the total. */
    public double share(T value) {
        int i = values.indexOf(value);
        return i < 0 ? 0 : (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])) / cumulative[cumulative.length - 1];
    }
}
