package dev.posmon.analytics.topology;

import dev.posmon.analytics.classify.ClassifierSettings;
import dev.posmon.analytics.classify.CodeTables;
import dev.posmon.analytics.config.AnalyticsConfig;
import dev.posmon.analytics.terminal.TerminalRules;
import java.nio.file.Path;
import java.time.Duration;

/** Everything the topology needs to know, as plain values (tests build it without Quarkus). */
public record TopologySettings(Duration window, Duration grace, Duration dedupRetention, CodeTables codeTables,
                               ClassifierSettings classifier, TerminalRules terminalRules) {

    public static TopologySettings defaults() {
        return new TopologySettings(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(1),
                CodeTables.load(java.util.Optional.empty()), ClassifierSettings.DEFAULTS, TerminalRules.DEFAULTS);
    }

    public static TopologySettings of(AnalyticsConfig config) {
        return new TopologySettings(config.window(), config.grace(), config.dedupRetention(),
                CodeTables.load(config.codeTablesDir().map(Path::of)),
                new ClassifierSettings(config.weakSignalDbm(), config.slowEchoMs(), config.telemetryFreshness()),
                new TerminalRules(config.stuckAfter(), config.loopSignOns(), config.loopWindow(), TerminalRules.DEFAULTS.keepAttempts()));
    }
}
