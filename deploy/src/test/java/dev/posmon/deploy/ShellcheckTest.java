package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The project's shell scripts ({@code ./posmon}, {@code .ci/run}) pass {@code shellcheck} with every warning: a
 * thousand lines of bash that starts the broker, the services and the benchmarks are checked like the Java is.
 */
class ShellcheckTest {

    @Test
    void theScriptsCheckClean() throws Exception {
        Path root = Tools.DEPLOY.getParent();
        List<Path> scripts = List.of(root.resolve("posmon"), root.resolve(".ci/run"));
        scripts.forEach(script ->
                assertThat(Files.isRegularFile(script)).as("%s exists", script).isTrue());
        Path shellcheck = Tools.require("shellcheck", "shellcheck");
        Tools.Result result = Tools.run(List.of(
                shellcheck.toString(),
                "--external-sources",
                "--severity=style",
                scripts.get(0).toString(),
                scripts.get(1).toString()));
        assertThat(result.exitCode())
                .as("shellcheck posmon .ci/run:%n%s", result.output())
                .isZero();
    }
}
