package dev.posmon.analytics.topology;

import dev.posmon.analytics.classify.ClassifierSettings;
import dev.posmon.analytics.classify.CodeTables;
import dev.posmon.analytics.config.AnalyticsConfig;
import dev.posmon.analytics.terminal.TerminalRules;
import dev.posmon.contract.event.EventHorizons;
import dev.posmon.contract.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the topology needs to know, as plain values (tests build it without Quarkus). {@code cubeSources}
 * is the partition count of the attempts topic: the cube waits for that many partitions to close a window.
 * {@code trustValidatedMarks}: whether an event ingest marked as validated against the same contract is taken
 * without validating it again. {@code cubeRunningEvery}: how often the cube sends its open cells' counts so far
 * (zero: never).
 */
public record TopologySettings(
        Duration window,
        Duration grace,
        Duration dedupRetention,
        CodeTables codeTables,
        ClassifierSettings classifier,
        TerminalRules terminalRules,
        int cubeSources,
        Duration cubeIdleAfter,
        Duration cubeRunningEvery,
        boolean trustValidatedMarks,
        boolean legacyStores) {

    public static TopologySettings defaults() {
        return new TopologySettings(
                Duration.ofMinutes(1),
                Duration.ofSeconds(30),
                Duration.parse(EventHorizons.DEDUP),
                CodeTables.load(Optional.empty()),
                ClassifierSettings.DEFAULTS,
                TerminalRules.DEFAULTS,
                Topics.SIGNON_ATTEMPTS.partitions(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                true,
                true);
    }

    public static TopologySettings of(AnalyticsConfig config, int cubeSources) {
        return new TopologySettings(
                config.window(),
                config.grace(),
                config.dedupRetention(),
                CodeTables.load(config.codeTablesDir().map(Path::of)),
                new ClassifierSettings(config.weakSignalDbm(), config.slowEchoMs(), config.telemetryFreshness()),
                new TerminalRules(
                        config.stuckAfter(),
                        config.loopSignOns(),
                        config.loopWindow(),
                        TerminalRules.DEFAULTS.keepAttempts()),
                cubeSources,
                config.cubeIdleAfter(),
                config.cubeRunningEvery(),
                !config.revalidateEvents(),
                config.legacyStores());
    }

    public TopologySettings withCubeSources(int sources) {
        return new TopologySettings(
                window,
                grace,
                dedupRetention,
                codeTables,
                classifier,
                terminalRules,
                sources,
                cubeIdleAfter,
                cubeRunningEvery,
                trustValidatedMarks,
                legacyStores);
    }

    public TopologySettings withTrustValidatedMarks(boolean trust) {
        return new TopologySettings(
                window,
                grace,
                dedupRetention,
                codeTables,
                classifier,
                terminalRules,
                cubeSources,
                cubeIdleAfter,
                cubeRunningEvery,
                trust,
                legacyStores);
    }

    public TopologySettings withCubeRunningEvery(Duration every) {
        return new TopologySettings(
                window,
                grace,
                dedupRetention,
                codeTables,
                classifier,
                terminalRules,
                cubeSources,
                cubeIdleAfter,
                every,
                trustValidatedMarks,
                legacyStores);
    }

    public TopologySettings withLegacyStores(boolean legacy) {
        return new TopologySettings(
                window,
                grace,
                dedupRetention,
                codeTables,
                classifier,
                terminalRules,
                cubeSources,
                cubeIdleAfter,
                cubeRunningEvery,
                trustValidatedMarks,
                legacy);
    }
}
