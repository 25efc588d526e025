package dev.posmon.contract.api;

import java.time.Instant;

/**
 * The instants posmon's APIs take: years 1 to 9999. {@code Instant} reads a billion years either way
 * ({@code +999999-01-01T00:00:00Z}, {@code -0001-01-01T00:00:00Z}), while PostgreSQL stores none past 294276 and a
 * time zone's rules, a week or a report of such a year mean nothing; so a parameter or property outside this range is
 * a 400 naming it, never an error of the database or of date arithmetic. Plain class.
 */
public final class StoredInstants {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private StoredInstants() {}

    public static boolean within(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /**
     * The instant, if it lies within years 1 to 9999.
     *
     * @throws InvalidParameter naming {@code field} otherwise
     */
    public static Instant check(String field, Instant instant) {
        if (instant != null && !within(instant)) {
            throw new InvalidParameter(field, "must lie in the years 1 to 9999, got " + instant);
        }
        return instant;
    }
}
