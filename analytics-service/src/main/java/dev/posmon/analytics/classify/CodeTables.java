package dev.posmon.analytics.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.json.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every response-code table, by network profile. The shipped tables ({@code code-tables/*.json} on the
 * classpath) can be replaced, or new profiles added (an acquirer's own), by files in an override
 * directory: a file there whose {@code profile} matches a shipped table replaces it — no rebuild needed.
 */
public final class CodeTables {

    /** The table used for terminals whose profile has none (or that are not registered yet). */
    public static final String DEFAULT_PROFILE = "ISO87";

    static final List<String> SHIPPED = List.of("cup.json", "iso87.json", "postilion.json");

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    private final Map<String, CodeTable> byProfile;

    public CodeTables(Map<String, CodeTable> byProfile) {
        if (!byProfile.containsKey(DEFAULT_PROFILE)) {
            throw new IllegalArgumentException("the " + DEFAULT_PROFILE + " table is required: it is the default");
        }
        this.byProfile = Map.copyOf(byProfile);
    }

    /** The shipped tables, then every {@code *.json} of {@code overrideDir} (if present) on top. */
    public static CodeTables load(Optional<Path> overrideDir) {
        Map<String, CodeTable> tables = new LinkedHashMap<>();
        for (String file : SHIPPED) {
            try (InputStream in = CodeTables.class.getClassLoader().getResourceAsStream("code-tables/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("shipped code table code-tables/" + file + " is missing");
                }
                CodeTable table = MAPPER.readValue(in, CodeTable.class);
                tables.put(table.profile(), table);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read shipped code table " + file, e);
            }
        }
        if (overrideDir.isPresent() && Files.isDirectory(overrideDir.get())) {
            try (Stream<Path> files = Files.list(overrideDir.get())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    CodeTable table = MAPPER.readValue(file.toFile(), CodeTable.class);
                    tables.put(table.profile(), table);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read code tables in " + overrideDir.get(), e);
            }
        }
        return new CodeTables(tables);
    }

    /** The table for a profile; the default table when the profile has none. */
    public CodeTable forProfile(String profile) {
        CodeTable table = profile == null ? null : byProfile.get(profile);
        return table != null ? table : byProfile.get(DEFAULT_PROFILE);
    }

    public Map<String, CodeTable> all() {
        return byProfile;
    }
}
