package dev.posmon.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The {@code application.properties} packaged in the analytics-service a benchmark measures: in the application jar
 * under {@code app/} next to Quarkus' {@code quarkus-run.jar}, or in the jar itself (an uber-jar). Read from the jar,
 * not from the sources, so that the figures go with the settings of the build that produced them.
 */
record AnalyticsSettings(Properties properties) {

    static AnalyticsSettings of(Path jar) throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(jar));
        Path app = jar.toAbsolutePath().getParent().resolve("app");
        if (Files.isDirectory(app)) {
            try (Stream<Path> jars = Files.list(app)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(candidates::add);
            }
        }
        for (Path candidate : candidates) {
            try (JarFile file = new JarFile(candidate.toFile())) {
                ZipEntry entry = file.getEntry("application.properties");
                if (entry != null) {
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    return new AnalyticsSettings(properties);
                }
            }
        }
        return new AnalyticsSettings(new Properties());
    }

    /**
     * The build's settings of Kafka Streams' producers ({@code kafka-streams.producer.*}), as Kafka Streams takes them
     * ({@code producer.batch.size=...}), in key order: the ceilings run with them too, so that a producer setting
     * that helps analytics is not counted as analytics' own gain.
     */
    SortedMap<String, String> producerSettings() {
        SortedMap<String, String> settings = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(STREAMS_PREFIX + "producer.")) {
                settings.put(
                        key.substring(STREAMS_PREFIX.length()),
                        properties.getProperty(key).trim());
            }
        }
        return settings;
    }

    private static final String STREAMS_PREFIX = "kafka-streams.";

    /** {@code kafka-streams.commit.interval.ms}, when the build sets it. */
    Optional<Integer> commitIntervalMs() {
        String ms = properties.getProperty("kafka-streams.commit.interval.ms");
        return ms == null || ms.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(ms.trim()));
    }
}
