package dev.posmon.ingest.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads registry records from JSON, JSON lines or CSV (with a header row naming the record's fields),
 * checking each against the contract. Plain class: no framework.
 */
public final class RegistryParser {

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    /** A record that passed, or the violations of the line (1-based) that did not. */
    public record Parsed(int line, TerminalRecord terminal, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    private RegistryParser() {}

    public static Parsed parse(int line, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Parsed(line, null, List.of(new Violation("", "must be a JSON object")));
        }
        List<Violation> violations = ContractSchema.TERMINAL_RECORD.validate(node);
        if (!violations.isEmpty()) {
            return new Parsed(line, null, violations);
        }
        TerminalRecord terminal = MAPPER.convertValue(node, TerminalRecord.class);
        return new Parsed(line, terminal, ContractRules.check(terminal));
    }

    public static List<Parsed> jsonLines(String body) throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new StringReader(body));
        String text;
        int line = 0;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                parsed.add(parse(line, MAPPER.readTree(text)));
            } catch (JsonProcessingException e) {
                parsed.add(new Parsed(
                        line, null, List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage()))));
            }
        }
        return parsed;
    }

    /** CSV with a header row naming the fields; values may be double-quoted. */
    public static List<Parsed> csv(String body) throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withColumnReordering(false))
                .readValues(body)) {
            while (rows.hasNext()) {
                int line = rows.getCurrentLocation().getLineNr();
                Map<String, String> row;
                try {
                    row = rows.next();
                } catch (RuntimeException e) {
                    parsed.add(new Parsed(
                            line, null, List.of(new Violation("", "not a valid CSV row: " + e.getMessage()))));
                    continue;
                }
                ObjectNode node = MAPPER.createObjectNode();
                row.forEach((column, value) -> {
                    if (value != null && !value.isBlank()) {
                        node.put(column.strip(), value.strip());
                    }
                });
                parsed.add(parse(line, node));
            }
        }
        return parsed;
    }
}
