package dev.posmon.alerting.localize;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads exported cubes for offline localization: CSV with a header, any dimension columns plus
 * {@code attempts} and {@code failures}. A current window's leaves get their expected failures from the
 * baseline's ratio for the same leaf when the baseline saw enough of it, else from the baseline's overall
 * ratio. Plain class.
 */
public final class CubeCsv {

    static final String ATTEMPTS = "attempts";
    static final String FAILURES = "failures";
    /** Below this many baseline attempts a leaf's own ratio is too noisy; the overall ratio is used. */
    static final double MIN_BASELINE_ATTEMPTS = 30;

    /** One row: its dimension values, attempts and failures. */
    record Row(Map<String, String> dimensions, double attempts, double failures) {}

    private CubeCsv() {}

    static List<Row> read(Reader csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            int line = 1;
            while (it.hasNext()) {
                line++;
                Map<String, String> row = it.next();
                if (!row.containsKey(ATTEMPTS) || !row.containsKey(FAILURES)) {
                    throw new IllegalArgumentException(
                            "the header must have columns attempts and failures; it has " + row.keySet());
                }
                Map<String, String> dimensions = new LinkedHashMap<>(row);
                dimensions.remove(ATTEMPTS);
                dimensions.remove(FAILURES);
                try {
                    rows.add(new Row(
                            dimensions,
                            Double.parseDouble(row.get(ATTEMPTS).strip()),
                            Double.parseDouble(row.get(FAILURES).strip())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + line + ": attempts and failures must be numbers", e);
                }
            }
        }
        return rows;
    }

    /** The current window's leaves, with expectations from the baseline. */
    public static List<Leaf> leaves(Reader current, Reader baseline) throws IOException {
        List<Row> base = read(baseline);
        double baseAttempts = base.stream().mapToDouble(Row::attempts).sum();
        double baseFailures = base.stream().mapToDouble(Row::failures).sum();
        double overall = baseAttempts == 0 ? 0 : baseFailures / baseAttempts;
        Map<Map<String, String>, double[]> byLeaf = new HashMap<>();
        for (Row row : base) {
            double[] sums = byLeaf.computeIfAbsent(row.dimensions(), d -> new double[2]);
            sums[0] += row.attempts();
            sums[1] += row.failures();
        }
        List<Leaf> leaves = new ArrayList<>();
        for (Row row : read(current)) {
            double[] sums = byLeaf.get(row.dimensions());
            double ratio = sums != null && sums[0] >= MIN_BASELINE_ATTEMPTS ? sums[1] / sums[0] : overall;
            leaves.add(new Leaf(row.dimensions(), row.attempts(), row.failures(), row.attempts() * ratio));
        }
        return leaves;
    }
}
