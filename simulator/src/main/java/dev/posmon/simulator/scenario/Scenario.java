package dev.posmon.simulator.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file (YAML): the fleet, the simulated clock and the disruptions to play. See the simulator's
 * README for the format. Immutable; {@link #load} validates and applies defaults.
 */
public record Scenario(
        String name,
        String description,
        Long seed,
        FleetSettings fleet,
        ClockSettings clock,
        List<Disruption> disruptions) {

    /**
     * @param terminals        fleet size (up to 1,000,000 and beyond)
     * @param signOnsPerHour   background sign-ons per terminal and business hour (reboots, key expiry, re-sign-ons),
     *                         on top of the one at shop opening
     * @param telemetryMinutes each terminal sends telemetry every this many minutes; 0 for none
     * @param chronicShare     share of terminals with a chronic fault
     * @param frozenShare      share of merchants whose account is frozen
     */
    public record FleetSettings(
            Integer terminals,
            Double signOnsPerHour,
            Integer telemetryMinutes,
            Double chronicShare,
            Double frozenShare) {}

    /**
     * @param startLocal the local time of day (Asia/Shanghai) at which the simulated time starts, on the latest day that lets
     *                   it end before the wall clock (simulated time runs in the past: ingest accepts events up to P2D old)
     * @param duration how much simulated time to play
     * @param speed    simulated seconds per wall-clock second
     * @param warmUp   the first part, without disruptions, in which alerting learns its baselines; not scored
     * @param realTime real-time mode: the warm-up is played at {@code speed} as a history that ends at the wall clock's
     *                 now, the rest at 1x with events stamped with the wall clock ({@code startLocal} does not apply)
     */
    public record ClockSettings(
            LocalTime startLocal, Duration duration, Double speed, Duration warmUp, Boolean realTime) {

        public boolean isRealTime() {
            return Boolean.TRUE.equals(realTime);
        }
    }

    /** Quiet time every disruption must leave before the end: alerting resolves after 5 quiet windows. */
    public static final Duration TAIL = Duration.ofMinutes(10);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Scenario load(Path file) {
        try {
            return YAML.readValue(file.toFile(), Scenario.class)
                    .validated(file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(String yaml) {
        try {
            return YAML.readValue(yaml, Scenario.class).validated("(inline)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario: " + e.getMessage(), e);
        }
    }

    /** This scenario with another fleet size and/or speed (null: unchanged). */
    public Scenario with(Integer terminals, Double speed) {
        FleetSettings f = new FleetSettings(
                terminals != null ? terminals : fleet.terminals(),
                fleet.signOnsPerHour(),
                fleet.telemetryMinutes(),
                fleet.chronicShare(),
                fleet.frozenShare());
        ClockSettings c = new ClockSettings(
                clock.startLocal(),
                clock.duration(),
                speed != null ? speed : clock.speed(),
                clock.warmUp(),
                clock.realTime());
        return new Scenario(name, description, seed, f, c, disruptions);
    }

    /** This scenario in real-time mode (see {@link ClockSettings#realTime}). */
    public Scenario inRealTime() {
        ClockSettings c = new ClockSettings(clock.startLocal(), clock.duration(), clock.speed(), clock.warmUp(), true);
        return new Scenario(name, description, seed, fleet, c, disruptions);
    }

    /**
     * Defaults applied, every disruption checked; disruptions must lie after the warm-up and inside the duration. For a
     * scenario built in code (the detection benchmark); {@link #load} and {@link #parse} call it.
     */
    public Scenario validated(String source) {
        FleetSettings f = fleet == null ? new FleetSettings(null, null, null, null, null) : fleet;
        FleetSettings fleetSettings = new FleetSettings(
                f.terminals() != null ? f.terminals() : 100_000,
                f.signOnsPerHour() != null ? f.signOnsPerHour() : 0.5,
                f.telemetryMinutes() != null ? f.telemetryMinutes() : 5,
                f.chronicShare() != null ? f.chronicShare() : 0.002,
                f.frozenShare() != null ? f.frozenShare() : 0.002);
        ClockSettings c = clock == null ? new ClockSettings(null, null, null, null, null) : clock;
        Duration duration = c.duration() != null ? c.duration() : Duration.ofHours(16);
        ClockSettings clockSettings = new ClockSettings(
                c.startLocal() != null ? c.startLocal() : LocalTime.of(6, 0),
                duration,
                c.speed() != null ? c.speed() : 240.0,
                c.warmUp() != null ? c.warmUp() : Duration.ofMinutes(30),
                c.isRealTime());
        if (clockSettings.isRealTime() && clockSettings.speed() <= 1) {
            throw new IllegalArgumentException(
                    source + ": clock.realTime plays the warm-up faster than the wall clock: speed must exceed 1");
        }
        if (duration.compareTo(Duration.ofHours(22)) > 0) {
            throw new IllegalArgumentException(
                    source + ": clock.duration must be at most PT22H (simulated time runs in the past, and ingest"
                            + " refuses events older than P2D)");
        }
        List<Disruption> checked = new ArrayList<>();
        List<Disruption> given = disruptions == null ? List.of() : disruptions;
        for (int i = 0; i < given.size(); i++) {
            Disruption d = given.get(i).validated(i + 1);
            if (d.at().compareTo(clockSettings.warmUp()) < 0
                    || d.at().plus(d.duration()).plus(TAIL).compareTo(duration) > 0) {
                throw new IllegalArgumentException(
                        source + ": " + d.id() + " must start after the warm-up and end at least " + TAIL
                                + " before the end of the duration (so that alerting sees it resolve)");
            }
            if (checked.stream().anyMatch(other -> other.id().equals(d.id()))) {
                throw new IllegalArgumentException(source + ": two disruptions are named " + d.id()
                        + " (the ground truth and the score name them by id)");
            }
            checked.add(d);
        }
        return new Scenario(
                name != null ? name : source,
                description,
                seed != null ? seed : 1L,
                fleetSettings,
                clockSettings,
                List.copyOf(checked));
    }
}
