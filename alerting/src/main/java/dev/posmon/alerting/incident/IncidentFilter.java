package dev.posmon.alerting.incident;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.StoredInstants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The filters of {@code GET /v1/incidents}, read from their query parameters: {@code status} (OPEN, ACKNOWLEDGED,
 * RESOLVED), {@code kind} (an {@link IncidentKind}), both case-insensitive, and {@code since} (an RFC 3339 instant:
 * incidents active at or after it). An absent or empty parameter does not filter. Plain class.
 *
 * @param status null: any
 * @param kind   null: any
 * @param since  null: any time
 */
public record IncidentFilter(Incident.Status status, IncidentKind kind, Instant since) {

    public static IncidentFilter parse(String status, String kind, String since) {
        return new IncidentFilter(
                constant("status", status, Incident.Status.class),
                constant("kind", kind, IncidentKind.class),
                instant(since));
    }

    private static <E extends Enum<E>> E constant(String parameter, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter(
                    parameter,
                    "expected one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", ")) + ", got '" + value + "'");
        }
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return StoredInstants.check("since", Instant.parse(since.trim()));
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(
                    "since",
                    "expected an RFC 3339 instant such as 2026-11-26T08:00:00Z or 2026-11-26T16:00:00+08:00, got '"
                            + since + "'");
        }
    }
}
