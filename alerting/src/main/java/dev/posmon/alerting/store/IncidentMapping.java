package dev.posmon.alerting.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.alerting.incident.Incident;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.contract.json.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Incident records to rows and back. */
public final class IncidentMapping {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private IncidentMapping() {}

    public static Incident toIncident(IncidentEntity row) {
        return new Incident(
                row.id,
                IncidentKind.valueOf(row.kind),
                Incident.Status.valueOf(row.status),
                read(row.scope, new TypeReference<Map<String, String>>() {}),
                row.onset,
                row.detectedAt,
                row.detectedWindowEnd,
                row.lastSeenAt,
                row.resolvedAt,
                row.affectedTerminals,
                row.stillFailing,
                row.failures,
                read(row.evidence, new TypeReference<Map<String, Long>>() {}),
                row.action,
                row.quietWindows,
                row.reopened,
                read(row.absorbed, new TypeReference<List<Map<String, String>>>() {}),
                Map.of(),
                null,
                row.acquirers == null ? null : new TreeSet<>(Arrays.asList(row.acquirers)),
                row.actions == null ? null : read(row.actions, new TypeReference<Map<String, String>>() {}));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
