package dev.posmon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's {@code ./posmon} script, the one way posmon starts its local infrastructure. */
public final class PosmonScript {

    private PosmonScript() {}

    /** The repository root: system property {@code posmon.root}, else the nearest ancestor holding {@code posmon}. */
    public static Path root() {
        String configured = System.getProperty("posmon.root");
        if (configured != null && Files.isExecutable(Path.of(configured, "posmon"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("posmon")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the posmon repository root from " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code ./posmon args…} with extra environment; returns its output, or throws if it failed. */
    public static String run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("posmon").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("./posmon " + String.join(" ", args) + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./posmon", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running ./posmon", e);
        }
    }
}
