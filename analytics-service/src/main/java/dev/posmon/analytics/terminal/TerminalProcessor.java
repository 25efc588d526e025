package dev.posmon.analytics.terminal;

import dev.posmon.analytics.classify.Classification;
import dev.posmon.analytics.classify.Classifier;
import dev.posmon.analytics.event.Decoders;
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
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Each record of the terminals' event topics, from its bytes to what it causes, in one node: every node a record
 * passes costs Kafka Streams a copy of the record and its headers and the node's metrics (its own work was about 30 %
 * of analytics' CPU when an attempt passed a dozen nodes).
 * <p>
 * The record is decoded by its topic's decoder ({@link Decoders}); a poison record goes to the dead-letter topic and
 * nowhere else. A valid event is then one step over its terminal's entry of the {@code terminals} store: one read and
 * at most one write per event. A telemetry sample becomes the terminal's latest (unless an older one arrives late) and
 * goes no further. A sign-on attempt is let through once (dedup by its eventId within the horizon), joined with the
 * terminal's registry record (the global store), classified (for a failure with the latest telemetry and the dialled
 * host's declared windows), folded into the terminal's state, and seen by the observer; it goes on, with its
 * occurredAt as the record time, to the classified topic and the cube, and the health transition it caused, if any,
 * to the health topic. Every output is forwarded to the children that take it by name, never to all of them.
 */
public final class TerminalProcessor implements Processor<String, byte[], String, Object> {

    /**
     * The names of the children: {@code deadLetter} takes a poison record (its bytes as they came), {@code classified}
     * and {@code cube} a {@link ClassifiedAttempt}, {@code health} a {@link TerminalHealth}.
     */
    public record Children(String deadLetter, String classified, String cube, String health) {}

    /**
     * The stores of the layout before {@code terminals}, read while terminals move over (see
     * {@code posmon.analytics.legacy-stores}); null names when the topology has none.
     */
    public record LegacyStores(String states, String telemetry, String seen) {
        public static final LegacyStores NONE = new LegacyStores(null, null, null);
    }

    private final Decoders decoders;
    private final Classifier classifier;
    private final TerminalStateMachine machine;
    private final HealthGauges gauges;
    private final Consumer<ClassifiedAttempt> observer;
    private final long dedupHorizonMs;
    private final String terminalsStore;
    private final String registryStore;
    private final MaintenanceIndex maintenance;
    private final LegacyStores legacy;
    private final Children children;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TerminalEntry> terminals;
    private ReadOnlyKeyValueStore<String, TerminalRecord> registry;
    private KeyValueStore<String, TerminalState> legacyStates;
    private KeyValueStore<String, ValueAndTimestamp<Telemetry>> legacyTelemetry;
    private WindowStore<String, Long> legacySeen;

    /** @param observer sees every classified attempt once (the metrics) */
    public TerminalProcessor(
            Decoders decoders,
            Classifier classifier,
            TerminalStateMachine machine,
            HealthGauges gauges,
            Consumer<ClassifiedAttempt> observer,
            Duration dedupHorizon,
            String terminalsStore,
            String registryStore,
            MaintenanceIndex maintenance,
            LegacyStores legacy,
            Children children) {
        this.decoders = decoders;
        this.classifier = classifier;
        this.machine = machine;
        this.gauges = gauges;
        this.observer = observer;
        this.dedupHorizonMs = dedupHorizon.toMillis();
        this.terminalsStore = terminalsStore;
        this.registryStore = registryStore;
        this.maintenance = maintenance;
        this.legacy = legacy;
        this.children = children;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        // init runs again on the same instance when Kafka Streams revives a corrupted task: everything is taken anew
        this.context = context;
        this.terminals = context.getStateStore(terminalsStore);
        this.registry = context.getStateStore(registryStore);
        boolean hasLegacy = legacy.states() != null;
        this.legacyStates = hasLegacy ? context.getStateStore(legacy.states()) : null;
        this.legacyTelemetry = hasLegacy ? context.getStateStore(legacy.telemetry()) : null;
        this.legacySeen = hasLegacy ? context.getStateStore(legacy.seen()) : null;
        gauges.recount(context.taskId().toString(), terminals);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("an event record without its topic"));
        TerminalEvent event = decoders.decode(
                source.topic(), source.partition(), source.offset(), record.key(), record.value(), record.headers());
        if (event == null) {
            // the record itself: its bytes as they came, its headers now naming the reason
            context.forward(record, children.deadLetter());
            return;
        }
        long occurredAt = event.occurredAt().toEpochMilli(); // not before 1970: Decoders dead-letters those
        fold(record, event, occurredAt);
    }

    private void fold(Record<String, byte[]> record, TerminalEvent event, long occurredAt) {
        String terminalId = record.key();
        TerminalEntry stored = terminals.get(terminalId);
        TerminalEntry entry =
                stored != null ? stored : legacyStates == null ? TerminalEntry.empty() : moved(terminalId);
        // a terminal just moved from the old stores is written even if this event changes nothing: they no longer hold
        // it
        boolean justMoved = stored == null && (entry.state() != null || entry.telemetry() != null);
        if (event instanceof Telemetry sample) {
            TerminalEntry next = entry.withTelemetry(sample);
            if (next != entry || justMoved) {
                terminals.put(terminalId, next);
            }
            return;
        }
        SignOnAttempt attempt = (SignOnAttempt) event;
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
        observer.accept(classified);
        // one record for both children: the sink only serializes it, the cube only reads it
        Record<String, ClassifiedAttempt> out = new Record<>(terminalId, classified, occurredAt, record.headers());
        context.forward(out, children.classified());
        context.forward(out, children.cube());
        if (step.transition().isPresent()) {
            context.forward(
                    new Record<>(terminalId, step.transition().get(), occurredAt, record.headers()), children.health());
        }
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
