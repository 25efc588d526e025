package dev.posmon.contract.maintenance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A declared maintenance window, on the compacted {@code host.maintenance.v1} keyed by id. Its scope is an acquirer
 * host ({@code hostId}), or the network of a {@code province}, of a {@code carrier}, or of a carrier in a province
 * (a carrier's announced works). One-off: {@code [start, end)}. Recurring: occurrences of the RFC 5545 {@code rrule}
 * starting at {@code start} (local time in {@code timezone}), each lasting {@code duration}, but for the occurrences
 * starting at an instant of {@code except} (a calendar's EXDATE, or an occurrence moved by its publisher); {@code
 * end}, if set, ends the series. A cancelled window covers nothing. {@code source} names the published calendar a
 * window was imported from (null for one declared by hand).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaintenanceWindow(
        String id,
        String hostId,
        Instant start,
        Instant end,
        String rrule,
        Duration duration,
        String timezone,
        String reason,
        Instant cancelledAt,
        String province,
        String carrier,
        List<Instant> except,
        String source) {

    public MaintenanceWindow {
        except = except == null || except.isEmpty() ? null : List.copyOf(except);
    }

    /** A window of one host, declared by hand. */
    public MaintenanceWindow(
            String id,
            String hostId,
            Instant start,
            Instant end,
            String rrule,
            Duration duration,
            String timezone,
            String reason,
            Instant cancelledAt) {
        this(id, hostId, start, end, rrule, duration, timezone, reason, cancelledAt, null, null, null, null);
    }

    public MaintenanceWindow withCancelledAt(Instant at) {
        return new MaintenanceWindow(
                id, hostId, start, end, rrule, duration, timezone, reason, at, province, carrier, except, source);
    }

    /** What the window covers, for people: the host, else the fixed network dimensions ({@code province=…, carrier=…}). */
    @JsonIgnore
    public String scopeLabel() {
        if (hostId != null) {
            return hostId;
        }
        List<String> parts = new ArrayList<>(2);
        if (province != null) {
            parts.add("province=" + province);
        }
        if (carrier != null) {
            parts.add("carrier=" + carrier);
        }
        return String.join(", ", parts);
    }

    /** Whether a cube scope is what this window covers: its host's, or its network's (see {@link #coversNetworkOf}). */
    public boolean coversScope(Map<String, String> scope) {
        return hostId != null ? hostId.equals(scope.get("host")) : coversNetworkOf(scope);
    }

    /** Whether this is a window of {@code host}. */
    public boolean ofHost(String host) {
        return hostId != null && hostId.equals(host);
    }

    /**
     * Whether this network window (no host) covers a scope of the cube: every dimension the window fixes (province,
     * carrier) is fixed to the same value in {@code scope}. A province's works cover its carriers; a carrier's works in
     * one province do not cover the whole province.
     */
    public boolean coversNetworkOf(Map<String, String> scope) {
        if (hostId != null || (province == null && carrier == null)) {
            return false;
        }
        return (province == null || province.equals(scope.get("province")))
                && (carrier == null || carrier.equals(scope.get("carrier")));
    }

    public boolean recurring() {
        return rrule != null;
    }

    /** Whether host maintenance was declared for {@code at}; answers the occurrence's end, or null. */
    public Instant occurrenceEndCovering(Instant at) {
        if (cancelledAt != null || at.isBefore(start) || (end != null && !at.isBefore(end) && !recurring())) {
            return null;
        }
        if (!recurring()) {
            return at.isBefore(end) ? end : null;
        }
        if (end != null && !at.isBefore(end.plus(duration))) {
            return null;
        }
        ZoneId zone = ZoneId.of(timezone);
        ZonedDateTime first = start.atZone(zone);
        DateTime dtStart =
                new DateTime(TimeZone.getTimeZone(zone), first.toInstant().toEpochMilli());
        RecurrenceRuleIterator occurrences = parse().iterator(dtStart);
        occurrences.fastForward(at.minus(duration).toEpochMilli());
        while (occurrences.hasNext()) {
            Instant occurrence = Instant.ofEpochMilli(occurrences.nextMillis());
            if (occurrence.isAfter(at) || (end != null && !occurrence.isBefore(end))) {
                return null;
            }
            if (excepted(occurrence)) {
                continue;
            }
            Instant occurrenceEnd = occurrence.plus(duration);
            if (at.isBefore(occurrenceEnd)) {
                return occurrenceEnd;
            }
        }
        return null;
    }

    /** One occurrence of a window: {@code [start, end)}. */
    public record Occurrence(Instant start, Instant end) {}

    /**
     * The occurrences overlapping {@code [from, to)}, oldest first: what maintenance was actually taken. An
     * occurrence under way when the window was cancelled ends at {@code cancelledAt}; later ones never happened.
     */
    public List<Occurrence> occurrencesBetween(Instant from, Instant to) {
        List<Occurrence> taken = new ArrayList<>();
        if (!recurring()) {
            add(taken, start, end, from, to);
            return taken;
        }
        ZoneId zone = ZoneId.of(timezone);
        RecurrenceRuleIterator occurrences =
                parse().iterator(new DateTime(TimeZone.getTimeZone(zone), start.toEpochMilli()));
        occurrences.fastForward(from.minus(duration).toEpochMilli());
        while (occurrences.hasNext()) {
            Instant occurrence = Instant.ofEpochMilli(occurrences.nextMillis());
            if (!occurrence.isBefore(to) || (end != null && !occurrence.isBefore(end))) {
                break;
            }
            if (!excepted(occurrence)) {
                add(taken, occurrence, occurrence.plus(duration), from, to);
            }
        }
        return taken;
    }

    private boolean excepted(Instant occurrence) {
        return except != null && except.contains(occurrence);
    }

    private void add(List<Occurrence> taken, Instant occurrenceStart, Instant occurrenceEnd, Instant from, Instant to) {
        Instant stop = cancelledAt != null && cancelledAt.isBefore(occurrenceEnd) ? cancelledAt : occurrenceEnd;
        if (occurrenceStart.isBefore(stop) && occurrenceStart.isBefore(to) && stop.isAfter(from)) {
            taken.add(new Occurrence(occurrenceStart, stop));
        }
    }

    public boolean covers(Instant at) {
        return occurrenceEndCovering(at) != null;
    }

    @JsonIgnore
    private RecurrenceRule parse() {
        try {
            return new RecurrenceRule(rrule);
        } catch (InvalidRecurrenceRuleException e) {
            throw new IllegalArgumentException("rrule: " + e.getMessage(), e);
        }
    }

    /** Whether the rule parses; for validating a window before it is declared. */
    public static boolean validRrule(String rrule) {
        try {
            new RecurrenceRule(rrule);
            return true;
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            return false;
        }
    }
}
