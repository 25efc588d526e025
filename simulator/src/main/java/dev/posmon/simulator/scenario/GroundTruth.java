package dev.posmon.simulator.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.SimClock;
import dev.posmon.simulator.fleet.Fleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a played scenario really did, for scoring: each disruption's expected incident (kind, scope, onset,
 * end, whether it pages) and the terminals it made fail, the fleet (its size, seed and shares, from which
 * {@link Fleet#generate} draws it again: the scorer needs it to tell which terminals a scope covers), the simulated
 * span and the part of it that is scored (after the warm-up), and the run's clock (to turn a wall-clock instant
 * into simulated time).
 */
public record GroundTruth(
        String scenario,
        long seed,
        int terminals,
        double chronicShare,
        double frozenShare,
        Instant simStart,
        Instant simEnd,
        Instant scoredFrom,
        SimClock clock,
        List<Truth> truths) {

    public GroundTruth {
        truths = List.copyOf(truths);
    }

    /**
     * One disruption as alerting should report it, and whom it hit ({@link AffectedTerminals}; null until played).
     *
     * @param affectedTerminals     distinct terminals in its scope with an attempt inside it that failed of it
     * @param stillFailingTerminals those of them whose last attempt inside it failed of it
     */
    public record Truth(
            String id,
            String type,
            String kind,
            Map<String, String> scope,
            Instant onset,
            Instant end,
            boolean pages,
            String description,
            Integer affectedTerminals,
            Integer stillFailingTerminals) {

        Truth counted(AffectedTerminals.Count count) {
            return new Truth(
                    id, type, kind, scope, onset, end, pages, description, count.affected(), count.stillFailing());
        }
    }

    /** The truth of a scenario before it is played: without the affected terminals. */
    public static GroundTruth of(Scenario scenario, SimClock clock) {
        Instant simStart = clock.simStart();
        List<Truth> truths = scenario.disruptions().stream()
                .map(d -> new Truth(
                        d.id(),
                        d.type().fileName(),
                        d.expectedKind(),
                        d.scope(),
                        d.onset(simStart),
                        d.end(simStart),
                        d.pages(),
                        d.description(),
                        null,
                        null))
                .toList();
        return new GroundTruth(
                scenario.name(),
                scenario.seed(),
                scenario.fleet().terminals(),
                scenario.fleet().chronicShare(),
                scenario.fleet().frozenShare(),
                simStart,
                simStart.plus(scenario.clock().duration()),
                simStart.plus(scenario.clock().warmUp()),
                clock,
                truths);
    }

    /** This truth with the terminals each disruption hit, as the behaviour counted them while it was played. */
    public GroundTruth withAffected(AffectedTerminals affected) {
        return new GroundTruth(
                scenario,
                seed,
                terminals,
                chronicShare,
                frozenShare,
                simStart,
                simEnd,
                scoredFrom,
                clock,
                truths.stream().map(t -> t.counted(affected.of(t.id()))).toList());
    }

    /** The fleet the run played, drawn again from its size, seed and shares. */
    public Fleet fleet() {
        return Fleet.generate(terminals, seed, chronicShare, frozenShare);
    }

    private static final ObjectMapper JSON = ContractJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static GroundTruth read(Path file) {
        try {
            return JSON.readValue(file.toFile(), GroundTruth.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
