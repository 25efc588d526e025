package dev.posmon.bench;

import java.util.Map;
import java.util.TreeMap;

/** Reads figures out of a Prometheus text exposition (a service's /q/metrics). */
final class PrometheusText {

    private PrometheusText() {}

    /**
     * The samples of one metric family by suffix ("", "_count", "_sum", "_max"), summed over their labels; buckets left
     * out.
     */
    static Map<String, Double> series(String metrics, String name) {
        Map<String, Double> values = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String suffix = line.substring(name.length(), brace > 0 && brace < space ? brace : space);
            if (suffix.startsWith("_bucket") || (!suffix.isEmpty() && !suffix.startsWith("_"))) {
                continue;
            }
            try {
                values.merge(suffix, Double.parseDouble(line.substring(space + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return values;
    }

    /** A quantile of posmon_signon_lag_seconds from its histogram buckets (upper bound of the bucket). */
    static String quantile(String metrics, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("posmon_signon_lag_seconds_bucket{")) {
                int le = line.indexOf("le=\"");
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                buckets.merge(
                        bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        Double::sum);
            }
        }
        if (buckets.isEmpty()) {
            return "n/a";
        }
        double total = buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey().isInfinite() ? "> max bucket" : String.format("<= %.1f s", bucket.getKey());
            }
        }
        return "n/a";
    }
}
