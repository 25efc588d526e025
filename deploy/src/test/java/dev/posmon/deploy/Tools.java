package dev.posmon.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real command-line tools the deploy tests run, found on PATH; a missing one fails with how to install it. */
final class Tools {

    /** The deploy module's directory (set by Surefire; the working directory otherwise). */
    static final Path DEPLOY = Path.of(System.getProperty("posmon.deploy.dir", "."))
            .toAbsolutePath()
            .normalize();

    private Tools() {}

    record Result(int exitCode, String output) {}

    static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " not found on PATH: install the Debian package '" + debianPackage
                + "' (apt-get install -y " + debianPackage + "); .ci/run installs it");
    }

    /** Runs a command in the deploy directory, stdout and stderr together, at most two minutes. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .directory(DEPLOY.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
