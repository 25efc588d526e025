package dev.posmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit-interval lookup that ./posmon did with sed on analytics' sources, now read from the measured jar. */
class AnalyticsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theCommitIntervalComesFromTheApplicationJarNextToQuarkusRunJar() throws IOException {
        Path quarkusRun = jar(dir.resolve("quarkus-app/quarkus-run.jar"), null);
        jar(
                dir.resolve("quarkus-app/app/posmon-analytics-service.jar"),
                "quarkus.http.port=8081\nkafka-streams.commit.interval.ms=1000\n");
        assertThat(AnalyticsSettings.of(quarkusRun).commitIntervalMs()).contains(1000);
    }

    @Test
    void anUberJarCarriesItsOwnAndABuildWithoutTheSettingHasNone() throws IOException {
        assertThat(AnalyticsSettings.of(jar(dir.resolve("uber.jar"), "kafka-streams.commit.interval.ms = 250\n"))
                        .commitIntervalMs())
                .contains(250);
        assertThat(AnalyticsSettings.of(jar(dir.resolve("other/runner.jar"), "quarkus.http.port=8081\n"))
                        .commitIntervalMs())
                .isEmpty();
    }

    @Test
    void theProducerSettingsReachTheCeilingsAsKafkaStreamsTakesThem() throws IOException {
        AnalyticsSettings settings = AnalyticsSettings.of(jar(
                dir.resolve("producer.jar"),
                "kafka-streams.producer.batch.size=262144\nkafka-streams.producer.buffer.memory = 67108864\n"
                        + "kafka-streams.commit.interval.ms=1000\nkafka.producer.linger.ms=5\n"));
        assertThat(settings.producerSettings())
                .containsExactly(
                        Map.entry("producer.batch.size", "262144"), Map.entry("producer.buffer.memory", "67108864"));

        String argument = AnalyticsProcess.producerSettingsArgument(settings.producerSettings());
        String property = AnalyticsProcess.PRODUCER_SETTINGS_PROPERTY;
        assertThat(argument).startsWith("-D" + property + "=");
        String before = System.getProperty(property);
        try {
            System.setProperty(property, argument.substring(argument.indexOf('=') + 1));
            assertThat(AnalyticsProcess.producerSettings()).isEqualTo(settings.producerSettings());
            System.setProperty(property, "");
            assertThat(AnalyticsProcess.producerSettings()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    private static Path jar(Path path, String applicationProperties) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream file = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new ZipEntry("META-INF/"));
            jar.closeEntry();
            if (applicationProperties != null) {
                jar.putNextEntry(new ZipEntry("application.properties"));
                jar.write(applicationProperties.getBytes(StandardCharsets.ISO_8859_1));
                jar.closeEntry();
            }
        }
        return path;
    }
}
