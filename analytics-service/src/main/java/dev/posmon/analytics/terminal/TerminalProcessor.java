package dev.posmon.analytics.terminal;

import dev.posmon.analytics.classify.Classification;
import dev.posmon.analytics.classify.Classifier;
import dev.posmon.analytics.maintenance.MaintenanceIndex;
import dev.posmon.analytics.terminal.TerminalStateMachine.Step;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.RegionCode;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Each terminal's events, in one step over its entry of the {@code terminals} store: one read and at most one write
 * per event. A telemetry sample becomes the terminal's latest (unless an older one arrives late) and goes no further.
 * A sign-on attempt is let through once (dedup by its eventId within the horizon), joined with the terminal's
 * registry record (the global store), classified (for a failure with the latest telemetry and the dialled host's
 * declared windows), folded into the terminal's state; it goes on with the health transition it caused, if any.
 */
public final class TerminalProcessor implements FixedKeyProcessor<String, TerminalEvent, TerminalProcessor.Out> {

    /** A classified attempt and the health transition it caused (null: none). */
    public record Out(ClassifiedAttempt classified, TerminalHealth transition) {}

    private final Classifier classifier;
    private final TerminalStateMachine machine;
    private final HealthGauges gauges;
    private final long dedupHorizonMs;
    private final String terminalsStore;
    private final String registryStore;
    private final MaintenanceIndex maintenance;
    private final LegacyStores legacy;
    private FixedKeyProcessorContext<String, Out> context;
    private KeyValueStore<String, TerminalEntry> terminals;
    private ReadOnlyKeyValueStore<String, TerminalRecord> registry;
    private KeyValueStore<String, TerminalState> legacyStates;
    private KeyValueStore<String, ValueAndTimestamp<Telemetry>> legacyTelemetry;
    private WindowStore<String, Long> legacySeen;

    /**
     * The stores of the layout before {@code terminals}, read while terminals move over (see
     * {@code posmon.analytics.legacy-stores}); null names when the topology has none.
     */
    public record LegacyStores(String states, String telemetry, String seen) {
        public static final LegacyStores NONE = new LegacyStores(null, null, null);
    }

    public TerminalProcessor(
            Classifier classifier,
            TerminalStateMachine machine,
            HealthGauges gauges,
            Duration dedupHorizon,
            String terminalsStore,
            String registryStore,
            MaintenanceIndex maintenance,
            LegacyStores legacy) {
        this.classifier = classifier;
        this.machine = machine;
        this.gauges = gauges;
        this.dedupHorizonMs = dedupHorizon.toMillis();
        this.terminalsStore = terminalsStore;
        this.registryStore = registryStore;
        this.maintenance = maintenance;
        this.legacy = legacy;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Out> context) {
        this.context = context;
        this.terminals = context.getStateStore(terminalsStore);
        this.registry = context.getStateStore(registryStore);
        if (legacy.states() != null) {
            this.legacyStates = context.getStateStore(legacy.states());
            this.legacyTelemetry = context.getStateStore(legacy.telemetry());
            this.legacySeen = context.getStateStore(legacy.seen());
        }
        gauges.recount(context.taskId().toString(), terminals);
    }

    @Override
    public void process(FixedKeyRecord<String, TerminalEvent> record) {
        String terminalId = record.key();
        TerminalEntry stored = terminals.get(terminalId);
        TerminalEntry entry =
                stored != null ? stored : legacyStates == null ? TerminalEntry.empty() : moved(terminalId);
        // a terminal just moved from the old stores is written even if this event changes nothing: they no longer hold
        // it
        boolean justMoved = stored == null && (entry.state() != null || entry.telemetry() != null);
        if (record.value() instanceof Telemetry sample) {
            TerminalEntry next = entry.withTelemetry(sample);
            if (next != entry || justMoved) {
                terminals.put(terminalId, next);
            }
            return;
        }
        SignOnAttempt attempt = (SignOnAttempt) record.value();
        long occurredAt = attempt.occurredAt().toEpochMilli();
        boolean repeat = occurredAt <= entry.legacySeenUpTo()
                && legacySeen != null
                && legacySeen.fetch(attempt.eventId().toString(), occurredAt) != null;
        if (repeat || !entry.seen().firstTime(attempt.eventId(), occurredAt, dedupHorizonMs)) {
            if (justMoved) {
                terminals.put(terminalId, entry);
            }
            return;
        }
        TerminalRecord terminal = registry.get(terminalId);
        Optional<Classification> classification = attempt.failed()
                ? classifier.classify(attempt, terminal, entry.latestTelemetry(), windowsOf(attempt, terminal))
                : classifier.classify(attempt, terminal, null, List.of());
        ClassifiedAttempt classified = classified(attempt, terminal, classification);
        Step step = machine.apply(entry.state(), classified);
        terminals.put(terminalId, entry.withState(step.state()));
        step.transition().ifPresent(health -> gauges.moved(context.taskId().toString(), entry.state(), step.state()));
        context.forward(record.withValue(new Out(classified, step.transition().orElse(null))));
    }

    /**
     * A terminal without an entry yet: what the stores of the layout before had of it (state, latest telemetry), moved
     * over. Deleted there, so that their changelogs shrink to nothing as terminals move.
     */
    private TerminalEntry moved(String terminalId) {
        TerminalState state = legacyStates.get(terminalId);
        ValueAndTimestamp<Telemetry> telemetry = legacyTelemetry.get(terminalId);
        if (state == null && telemetry == null) {
            return TerminalEntry.empty();
        }
        if (state != null) {
            legacyStates.delete(terminalId);
        }
        if (telemetry != null) {
            legacyTelemetry.delete(terminalId);
        }
        return TerminalEntry.moved(state, telemetry == null ? null : telemetry.value());
    }

    /** The declared windows of the attempt's host and of its network (announced works of its province or carrier). */
    private List<MaintenanceWindow> windowsOf(SignOnAttempt attempt, TerminalRecord terminal) {
        return maintenance.concerning(attempt.hostId(), Classifier.networkScope(attempt, terminal));
    }

    static ClassifiedAttempt classified(
            SignOnAttempt attempt, TerminalRecord t, Optional<Classification> classification) {
        return new ClassifiedAttempt(
                attempt,
                t != null,
                t == null ? RegionCode.UNKNOWN : RegionCode.province(t.regionCode()),
                t == null ? RegionCode.UNKNOWN : RegionCode.city(t.regionCode()),
                t == null ? RegionCode.UNKNOWN : t.regionCode(),
                t == null ? null : t.merchantId(),
                t == null ? null : t.model(),
                t == null ? null : t.vendor(),
                t == null ? null : t.hostId(),
                t == null ? null : t.acquirer(),
                t == null ? null : t.networkProfile(),
                t == null ? null : t.merchantStatus(),
                classification.map(Classification::cause).orElse(null),
                classification.map(Classification::evidence).orElse(null));
    }

    @Override
    public void close() {
        gauges.forget(context.taskId().toString());
    }
}
