package dev.posmon.alerting.maintenance;

import dev.posmon.contract.api.StoredInstants;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * A published maintenance notice calendar (iCalendar, RFC 5545, read with ical4j) as maintenance windows. Every
 * VEVENT is a window of the given scope (a host, or a province's, a carrier's or a carrier-in-a-province's network):
 *
 * <ul>
 *   <li>{@code DTSTART} with {@code DTEND} or {@code DURATION}; a {@code TZID} must name an IANA zone, a floating time
 *       is read in the calendar's zone, a date is the whole day there;
 *   <li>{@code RRULE} makes a recurring window (the daily cut-over), {@code EXDATE} skips occurrences, {@code RDATE}
 *       adds one-off windows of the event's length;
 *   <li>an event with a {@code RECURRENCE-ID} moves one occurrence of its series (the series skips it, the moved one
 *       is a window of its own);
 *   <li>{@code STATUS:CANCELLED} events and occurrences are no windows; {@code SUMMARY} is the reason.
 * </ul>
 *
 * <p>A window's id is derived from the calendar's name, the event's {@code UID} and its {@code RECURRENCE-ID}, so that
 * importing the calendar again replaces its windows instead of adding to them. Plain class.
 */
public final class NoticeCalendar {

    /** What the calendar's windows cover: a host, or a network (province, carrier, or both). */
    public record Scope(String hostId, String province, String carrier) {}

    /** The calendar cannot be read; the message says where. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private NoticeCalendar() {}

    /**
     * @param source the calendar's name (every window carries it)
     * @param zone the zone of floating times and dates
     */
    public static List<MaintenanceWindow> windows(String source, String ics, Scope scope, ZoneId zone) {
        if (ics.indexOf('\0') >= 0) {
            // PostgreSQL stores no NUL in text, and no notice has one
            throw new Invalid("the document contains a NUL character");
        }
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(ics));
        } catch (IOException | ParserException | RuntimeException e) {
            throw new Invalid("not an iCalendar (RFC 5545) document: " + e.getMessage());
        }
        Map<String, VEvent> series = new LinkedHashMap<>();
        List<VEvent> moved = new ArrayList<>();
        for (Component component : calendar.getComponents(Component.VEVENT)) {
            VEvent event = (VEvent) component;
            if (event.getProperty(Property.RECURRENCE_ID).isPresent()) {
                moved.add(event);
            } else {
                series.put(uid(event), event);
            }
        }
        Map<String, List<Instant>> except = new LinkedHashMap<>();
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (VEvent event : moved) {
            String uid = uid(event);
            Instant original = at(event.getProperty(Property.RECURRENCE_ID).orElseThrow(), zone, uid)
                    .toInstant();
            except.computeIfAbsent(uid, u -> new ArrayList<>()).add(original);
            if (!cancelled(event)) {
                Occurrence occurrence = occurrence(event, zone, uid);
                windows.add(oneOff(source, uid, "moved:" + original, occurrence, scope, event));
            }
        }
        for (VEvent event : series.values()) {
            if (cancelled(event)) {
                continue;
            }
            String uid = uid(event);
            Occurrence first = occurrence(event, zone, uid);
            Optional<Property> rrule = event.getProperty(Property.RRULE);
            if (rrule.isPresent()) {
                String rule = rrule.get().getValue();
                if (!MaintenanceWindow.validRrule(rule)) {
                    throw new Invalid("event " + uid + ": RRULE '" + rule + "' is not a valid recurrence rule");
                }
                List<Instant> skipped = new ArrayList<>(except.getOrDefault(uid, List.of()));
                for (Property exdate : event.getProperties(Property.EXDATE)) {
                    for (Temporal date : dates(exdate, uid)) {
                        skipped.add(zoned(date, tzid(exdate, uid), zone).toInstant());
                    }
                }
                windows.add(new MaintenanceWindow(
                        id(source, uid, null),
                        scope.hostId(),
                        first.start().toInstant(),
                        null,
                        rule,
                        first.length(),
                        first.start().getZone().getId(),
                        reason(event),
                        null,
                        scope.province(),
                        scope.carrier(),
                        skipped,
                        source));
            } else {
                windows.add(oneOff(source, uid, null, first, scope, event));
            }
            for (Property rdate : event.getProperties(Property.RDATE)) {
                for (Temporal date : dates(rdate, uid)) {
                    ZonedDateTime start = zoned(date, tzid(rdate, uid), zone);
                    windows.add(oneOff(
                            source,
                            uid,
                            "rdate:" + start.toInstant(),
                            new Occurrence(start, first.length()),
                            scope,
                            event));
                }
            }
        }
        return windows;
    }

    private record Occurrence(ZonedDateTime start, Duration length) {}

    private static MaintenanceWindow oneOff(
            String source, String uid, String instance, Occurrence occurrence, Scope scope, VEvent event) {
        Instant start = occurrence.start().toInstant();
        return new MaintenanceWindow(
                id(source, uid, instance),
                scope.hostId(),
                start,
                start.plus(occurrence.length()),
                null,
                null,
                occurrence.start().getZone().getId(),
                reason(event),
                null,
                scope.province(),
                scope.carrier(),
                null,
                source);
    }

    private static Occurrence occurrence(VEvent event, ZoneId zone, String uid) {
        Property dtStart =
                event.getProperty(Property.DTSTART).orElseThrow(() -> new Invalid("event " + uid + " has no DTSTART"));
        ZonedDateTime start = at(dtStart, zone, uid);
        ZonedDateTime end;
        Optional<Property> dtEnd = event.getProperty(Property.DTEND);
        Optional<Property> duration = event.getProperty(Property.DURATION);
        if (dtEnd.isPresent()) {
            end = at(dtEnd.get(), zone, uid);
        } else if (duration.isPresent()) {
            TemporalAmount amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
            end = start.plus(amount);
        } else if (dateOnly(dtStart)) {
            end = start.plusDays(1);
        } else {
            throw new Invalid("event " + uid + " has neither DTEND nor DURATION");
        }
        if (!StoredInstants.within(start.toInstant()) || !StoredInstants.within(end.toInstant())) {
            throw new Invalid("event " + uid + " lies outside the years 1 to 9999");
        }
        Duration length = Duration.between(start, end);
        if (length.isNegative() || length.isZero()) {
            throw new Invalid("event " + uid + " ends before it starts");
        }
        return new Occurrence(start, length);
    }

    private static ZonedDateTime at(Property property, ZoneId zone, String uid) {
        return zoned(((DateProperty<?>) property).getDate(), tzid(property, uid), zone);
    }

    private static boolean dateOnly(Property property) {
        return ((DateProperty<?>) property).getDate() instanceof LocalDate;
    }

    /** The IANA zone a property's TZID names, or null without one. */
    private static ZoneId tzid(Property property, String uid) {
        Optional<Parameter> tzid = property.getParameter(Parameter.TZID);
        if (tzid.isEmpty()) {
            return null;
        }
        String id = ((TzId) tzid.get()).getValue();
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new Invalid(
                    "event " + uid + ": TZID '" + id + "' is not an IANA time zone id (such as Asia/Shanghai)");
        }
    }

    /**
     * A date property's value: with a TZID, its local time in that IANA zone (whatever zone ical4j made of it); a UTC
     * time in UTC; a floating time or a date in the calendar's zone.
     */
    private static ZonedDateTime zoned(Temporal value, ZoneId tzid, ZoneId calendarZone) {
        ZoneId local = tzid != null ? tzid : calendarZone;
        if (value instanceof ZonedDateTime zoned) {
            return tzid != null ? zoned.toLocalDateTime().atZone(tzid) : zoned.withZoneSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.atZoneSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return instant.atZone(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.atZone(local);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(local);
        }
        throw new Invalid("unsupported date value " + value);
    }

    private static List<? extends Temporal> dates(Property property, String uid) {
        try {
            return ((DateListProperty<?>) property).getDates();
        } catch (RuntimeException e) {
            throw new Invalid("event " + uid + ": " + property.getName() + " '" + property.getValue()
                    + "' is not a list of dates or date-times");
        }
    }

    private static String uid(VEvent event) {
        return event.getProperty(Property.UID)
                .map(Property::getValue)
                .orElseThrow(() -> new Invalid("an event has no UID"));
    }

    private static boolean cancelled(VEvent event) {
        return event.getProperty(Property.STATUS)
                .map(status -> "CANCELLED".equalsIgnoreCase(status.getValue()))
                .orElse(false);
    }

    private static String reason(VEvent event) {
        String summary =
                event.getProperty(Property.SUMMARY).map(Property::getValue).orElse("");
        return summary.codePointCount(0, summary.length()) <= 500
                ? summary
                : summary.substring(0, summary.offsetByCodePoints(0, 500));
    }

    /** {@code ics-<16 hex>}: the same calendar, event and instance always give the same id. */
    static String id(String source, String uid, String instance) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((source + '\u0000' + uid + '\u0000' + (instance == null ? "" : instance))
                            .getBytes(StandardCharsets.UTF_8));
            return "ics-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
