package dev.posmon.ingest.registry;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.kafka.CompactedTopicView;
import dev.posmon.ingest.kafka.Publisher;
import dev.posmon.ingest.kafka.Publisher.Outgoing;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal registry as ingest sees it: the compacted {@code terminal.registry.v1} held in memory, so
 * that every event can be checked against its terminal's acquirer without a remote call.
 */
@Startup
@ApplicationScoped
public class RegistryView {

    private final CompactedTopicView<TerminalRecord> view;
    private final Publisher publisher;

    public RegistryView(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Publisher publisher) {
        this.publisher = publisher;
        this.view = new CompactedTopicView<>(Topics.TERMINAL_REGISTRY, kafkaConfig, (previous, current) -> { }).start();
    }

    public Optional<TerminalRecord> find(String terminalId) {
        return view.get(terminalId);
    }

    public int size() {
        return view.size();
    }

    public boolean caughtUp() {
        return view.caughtUp();
    }

    /** Writes the records to the registry topic, waits for Kafka, then makes them visible here at once. */
    public void upsert(List<TerminalRecord> terminals) {
        publisher.publishAll(terminals.stream()
                .map(terminal -> Outgoing.of(Topics.TERMINAL_REGISTRY, terminal.terminalId(), terminal))
                .toList());
        terminals.forEach(terminal -> view.applyLocal(terminal.terminalId(), terminal));
    }

    @PreDestroy
    void close() {
        view.close();
    }
}
