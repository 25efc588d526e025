package dev.posmon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark suites share: each step runs in its own JVM (so that none warms another's caches) and ends with
 * a {@code RESULT name=value …} line that the suite reads; the medians and the table rows they print.
 */
final class BenchSteps {

    private static final Pattern RESULT_VALUE = Pattern.compile("(\\w+)=([0-9.]+)");

    private BenchSteps() {}

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    static void row(PrintStream out, String label, double value, String format, String note) {
        out.printf("%-58s " + format + "%s%n", label, value, note);
    }

    /** The name=value figures of the last {@code RESULT} line. */
    static Map<String, Double> result(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("RESULT ")) {
                Map<String, Double> values = new HashMap<>();
                Matcher m = RESULT_VALUE.matcher(lines.get(i));
                while (m.find()) {
                    values.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                return values;
            }
        }
        throw new IllegalStateException("the step printed no RESULT line");
    }

    /**
     * Runs a Java program with that classpath and returns its standard output's lines (echoed to ours when asked);
     * its standard error goes to the file, or to ours. Fails if it exits with an error.
     */
    static List<String> java(String classpath, List<String> arguments, Path stderr, boolean echo)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stderr == null) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        }
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
                if (echo) {
                    System.out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            String step = arguments.stream()
                    .filter(argument -> !argument.startsWith("-"))
                    .findFirst()
                    .orElse("java");
            throw new IllegalStateException(
                    step + " exited with " + exit + (stderr == null ? "" : " (log: " + stderr + ")"));
        }
        return lines;
    }
}
