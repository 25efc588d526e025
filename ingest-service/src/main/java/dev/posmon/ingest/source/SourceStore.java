package dev.posmon.ingest.source;

import dev.posmon.contract.kafka.CompactedTopicView;
import dev.posmon.contract.source.IngestSource;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.kafka.Publisher;
import dev.posmon.ingest.kafka.Publisher.Outgoing;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Ingest credentials, read from the compacted {@code ingest.sources.v1} and indexed by key hash. */
@Startup
@ApplicationScoped
public class SourceStore {

    private final Map<String, IngestSource> byKeyHash = new ConcurrentHashMap<>();
    private final CompactedTopicView<IngestSource> view;
    private final Publisher publisher;

    public SourceStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Publisher publisher) {
        this.publisher = publisher;
        this.view = new CompactedTopicView<>(Topics.INGEST_SOURCES, kafkaConfig, this::index).start();
    }

    public Optional<IngestSource> byKeyHash(String keySha256) {
        return Optional.ofNullable(byKeyHash.get(keySha256));
    }

    public Optional<IngestSource> byId(String id) {
        return view.get(id);
    }

    public List<IngestSource> all() {
        return view.values();
    }

    public boolean caughtUp() {
        return view.caughtUp();
    }

    /** Writes the credential to Kafka, waits for the acknowledgement, then makes it usable here at once. */
    public void save(IngestSource source) {
        publisher.publishAll(List.of(Outgoing.of(Topics.INGEST_SOURCES, source.id(), source)));
        view.applyLocal(source.id(), source);
    }

    private void index(IngestSource previous, IngestSource current) {
        if (previous != null) {
            byKeyHash.remove(previous.keySha256());
        }
        if (current != null) {
            byKeyHash.put(current.keySha256(), current);
        }
    }

    @PreDestroy
    void close() {
        view.close();
    }
}
