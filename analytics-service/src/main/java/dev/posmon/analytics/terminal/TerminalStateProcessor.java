package dev.posmon.analytics.terminal;

import dev.posmon.analytics.terminal.TerminalStateMachine.Step;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.health.TerminalHealth;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each terminal's state in the {@code terminal-state} store and forwards its health transitions. */
public final class TerminalStateProcessor implements FixedKeyProcessor<String, ClassifiedAttempt, TerminalHealth> {

    private final TerminalStateMachine machine;
    private final String storeName;
    private final HealthGauges gauges;
    private FixedKeyProcessorContext<String, TerminalHealth> context;
    private KeyValueStore<String, TerminalState> states;

    public TerminalStateProcessor(TerminalStateMachine machine, String storeName, HealthGauges gauges) {
        this.machine = machine;
        this.storeName = storeName;
        this.gauges = gauges;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, TerminalHealth> context) {
        this.context = context;
        this.states = context.getStateStore(storeName);
        gauges.recount(context.taskId().toString(), states);
    }

    @Override
    public void process(FixedKeyRecord<String, ClassifiedAttempt> record) {
        TerminalState previous = states.get(record.key());
        Step step = machine.apply(previous, record.value());
        states.put(record.key(), step.state());
        step.transition().ifPresent(health -> {
            gauges.moved(context.taskId().toString(), previous, step.state());
            context.forward(record.withValue(health));
        });
    }

    @Override
    public void close() {
        gauges.forget(context.taskId().toString());
    }
}
