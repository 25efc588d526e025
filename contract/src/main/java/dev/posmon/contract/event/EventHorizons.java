package dev.posmon.contract.event;

/**
 * How far back in time events are accepted and recognised, shared by ingest and analytics so that their defaults
 * agree: an event ingest accepts must still be recognised by analytics when it is sent again, or a gateway that
 * replays a day-old batch has it counted twice.
 */
public final class EventHorizons {

    /** How old an {@code occurredAt} ingest accepts by default ({@code posmon.ingest.max-age}). */
    public static final String MAX_AGE = "P2D";

    /**
     * How long analytics remembers eventIds by default ({@code posmon.analytics.dedup-retention}), in event time: the
     * acceptance window, plus the five minutes a terminal's clock may run ahead (stream time moves with the newest
     * event), plus margin. Ingest refuses what is older than this less those five minutes, whatever its max-age.
     */
    public static final String DEDUP = "P2DT1H";

    private EventHorizons() {}
}
