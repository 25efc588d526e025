package dev.posmon.contract.maintenance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A declared maintenance window of an acquirer host, on the compacted {@code host.maintenance.v1} keyed by
 * id. One-off: {@code [start, end)}. Recurring: occurrences of the RFC 5545 {@code rrule} starting at
 * {@code start} (local time in {@code timezone}), each lasting {@code duration}; {@code end}, if set, ends
 * the series. A cancelled window covers nothing.
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
        Instant cancelledAt) {

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
            add(taken, occurrence, occurrence.plus(duration), from, to);
        }
        return taken;
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
