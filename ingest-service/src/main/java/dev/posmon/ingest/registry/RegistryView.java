package dev.posmon.ingest.registry;

import dev.posmon.contract.kafka.CompactedTopicReader;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.config.IngestConfig;
import dev.posmon.ingest.kafka.Publisher;
import dev.posmon.ingest.kafka.Publisher.Outgoing;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal registry as ingest sees it: the compacted {@code terminal.registry.v1} read into a
 * {@link CompactRegistryView}, so that every event can be checked against its terminal's acquirer without a
 * remote call and without holding a fleet of full records on the heap (the full records are in a file,
 * for {@code GET /v1/terminals/{id}}).
 */
@Startup
@ApplicationScoped
public class RegistryView {

    private final CompactRegistryView view;
    private final CompactedTopicReader<TerminalRecord> reader;
    private final Publisher publisher;

    public RegistryView(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Publisher publisher,
            IngestConfig config) {
        this.publisher = publisher;
        Path directory = Path.of(config.registryDir().orElse(System.getProperty("java.io.tmpdir")));
        this.view = new CompactRegistryView(TerminalHash.random()::of, new RecordFile(directory));
        this.reader = new CompactedTopicReader<>(Topics.TERMINAL_REGISTRY, kafkaConfig, view::apply).start();
    }

    /** The acquirer of a registered terminal (from memory): what the event check and write permissions need. */
    public Optional<String> acquirerOf(String terminalId) {
        return view.acquirerOf(terminalId);
    }

    /** The full record (from the record file). */
    public Optional<TerminalRecord> find(String terminalId) {
        return view.find(terminalId);
    }

    public int size() {
        return view.size();
    }

    public boolean caughtUp() {
        return reader.caughtUp();
    }

    /** Writes the records to the registry topic, waits for Kafka, then makes them visible here at once. */
    public void upsert(List<TerminalRecord> terminals) {
        publisher.publishAll(terminals.stream()
                .map(terminal -> Outgoing.of(Topics.TERMINAL_REGISTRY, terminal.terminalId(), terminal))
                .toList());
        terminals.forEach(terminal -> view.apply(terminal.terminalId(), terminal));
    }

    @PreDestroy
    void close() {
        reader.close();
        view.close();
    }
}
