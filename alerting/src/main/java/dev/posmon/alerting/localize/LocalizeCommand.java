package dev.posmon.alerting.localize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./posmon localize current.csv baseline.csv}: runs the service's {@link Localizer} on exported cubes
 * and prints the root-cause set as JSON.
 */
public final class LocalizeCommand {

    private LocalizeCommand() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println(
                    "usage: ./posmon localize current.csv baseline.csv   (CSV: dimension columns, attempts, failures)");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), Path.of(args[1]), System.out, System.err));
    }

    static int run(Path current, Path baseline, PrintStream out, PrintStream err) throws IOException {
        List<Leaf> leaves;
        try (var c = Files.newBufferedReader(current, StandardCharsets.UTF_8);
                var b = Files.newBufferedReader(baseline, StandardCharsets.UTF_8)) {
            leaves = CubeCsv.leaves(c, b);
        } catch (IllegalArgumentException e) {
            err.println("localize: " + e.getMessage());
            return 1;
        }
        Localization result = new Localizer(LocalizerSettings.DEFAULTS).localize(leaves);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rootCauses", result.causes().stream().map(RootCause::scope).toList());
        json.put("explainedShare", round(result.explainedShare()));
        json.put("excessFailures", round(result.totalExcess()));
        json.put(
                "details",
                result.causes().stream()
                        .map(cause -> Map.of(
                                "scope",
                                cause.scope(),
                                "share",
                                round(cause.share()),
                                "attempts",
                                cause.attempts(),
                                "failures",
                                cause.failures(),
                                "expectedFailures",
                                round(cause.expectedFailures())))
                        .toList());
        out.println(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
