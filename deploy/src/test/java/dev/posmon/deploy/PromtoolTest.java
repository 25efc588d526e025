package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules file passes {@code promtool check rules}, and every unit-test file passes {@code promtool test rules}. */
class PromtoolTest {

    static final Path RULES = Path.of("prometheus", "posmon-rules.yml");

    @Test
    void rulesFileChecksClean() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        Tools.Result result = Tools.run(List.of(promtool.toString(), "check", "rules", RULES.toString()));
        System.out.print(result.output());
        assertThat(result.exitCode())
                .as("promtool check rules:%n%s", result.output())
                .isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    static Stream<String> unitTestFiles() throws IOException {
        try (Stream<Path> files = Files.list(Tools.DEPLOY.resolve("prometheus").resolve("tests"))) {
            List<String> names = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yml"))
                    .sorted()
                    .toList();
            assertThat(names)
                    .as("promtool unit tests in deploy/prometheus/tests")
                    .isNotEmpty();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "promtool test rules tests/{0}")
    @MethodSource("unitTestFiles")
    void unitTestsPass(String file) throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        Tools.Result result = Tools.run(List.of(
                promtool.toString(),
                "test",
                "rules",
                Path.of("prometheus", "tests", file).toString()));
        System.out.print(result.output());
        assertThat(result.exitCode())
                .as("promtool test rules %s:%n%s", file, result.output())
                .isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }
}
