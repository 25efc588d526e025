package dev.posmon.simulator.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.simulator.SimClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a played scenario really did, for scoring: each disruption's expected incident (kind, scope, onset,
 * end, whether it pages), the simulated span and the part of it that is scored (after the warm-up), and the
 * run's clock (to turn a wall-clock instant into simulated time).
 */
public record GroundTruth(String scenario, long seed, int terminals, Instant simStart, Instant simEnd, Instant scoredFrom, SimClock clock,
                          List<Truth> truths) {

    public GroundTruth {
        truths = List.copyOf(truths);
    }

    /** One disruption as alerting should report it. */
    public record Truth(String id, String type, String kind, Map<String, String> scope, Instant onset, Instant end, boolean pages,
                        String description) {
    }

    public static GroundTruth of(Scenario scenario, SimClock clock) {
        Instant simStart = clock.simStart();
        List<Truth> truths = scenario.disruptions().stream().map(d -> new Truth(d.id(), d.type().fileName(), d.expectedKind(), d.scope(),
                d.onset(simStart), d.end(simStart), d.pages(), d.description())).toList();
        return new GroundTruth(scenario.name(), scenario.seed(), scenario.fleet().terminals(), simStart,
                simStart.plus(scenario.clock().duration()), simStart.plus(scenario.clock().warmUp()), clock, truths);
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
