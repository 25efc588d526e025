package dev.posmon.analytics.classify;

import dev.posmon.analytics.enrich.Enriched;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.contract.registry.RegionCode;
import dev.posmon.contract.registry.TerminalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Classifies an enriched attempt. For a failure it looks up the terminal's latest telemetry (the table's store)
 * and the dialled host's declared windows (the global maintenance store); a success needs neither.
 */
public final class ClassifyProcessor implements FixedKeyProcessor<String, Enriched, ClassifiedAttempt> {

    private final Classifier classifier;
    private final String maintenanceStore;
    private final String telemetryStore;
    private FixedKeyProcessorContext<String, ClassifiedAttempt> context;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<MaintenanceWindow>> windows;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<Telemetry>> telemetry;

    public ClassifyProcessor(Classifier classifier, String maintenanceStore, String telemetryStore) {
        this.classifier = classifier;
        this.maintenanceStore = maintenanceStore;
        this.telemetryStore = telemetryStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ClassifiedAttempt> context) {
        this.context = context;
        this.windows = context.getStateStore(maintenanceStore);
        this.telemetry = context.getStateStore(telemetryStore);
    }

    @Override
    public void process(FixedKeyRecord<String, Enriched> record) {
        Enriched enriched = record.value();
        SignOnAttempt attempt = enriched.attempt();
        Optional<Classification> classification = attempt.failed()
                ? classifier.classify(attempt, enriched.terminal(), latestTelemetry(record.key()), windowsOf(attempt.hostId()))
                : classifier.classify(attempt, enriched.terminal(), null, List.of());
        context.forward(record.withValue(classified(enriched, classification)));
    }

    private Telemetry latestTelemetry(String terminalId) {
        ValueAndTimestamp<Telemetry> latest = telemetry.get(terminalId);
        return latest == null ? null : latest.value();
    }

    /** The declared windows of one host; there are few windows in all, so a scan is cheap. */
    private List<MaintenanceWindow> windowsOf(String hostId) {
        List<MaintenanceWindow> ofHost = new ArrayList<>(2);
        try (KeyValueIterator<String, ValueAndTimestamp<MaintenanceWindow>> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<MaintenanceWindow>> entry = all.next();
                MaintenanceWindow window = entry.value == null ? null : entry.value.value();
                if (window != null && hostId.equals(window.hostId())) {
                    ofHost.add(window);
                }
            }
        }
        return ofHost;
    }

    static ClassifiedAttempt classified(Enriched enriched, Optional<Classification> classification) {
        TerminalRecord t = enriched.terminal();
        return new ClassifiedAttempt(enriched.attempt(), t != null,
                t == null ? RegionCode.UNKNOWN : RegionCode.province(t.regionCode()),
                t == null ? RegionCode.UNKNOWN : RegionCode.city(t.regionCode()),
                t == null ? null : t.merchantId(), t == null ? null : t.model(), t == null ? null : t.vendor(),
                t == null ? null : t.hostId(), t == null ? null : t.acquirer(), t == null ? null : t.networkProfile(),
                t == null ? null : t.merchantStatus(),
                classification.map(Classification::cause).orElse(null),
                classification.map(Classification::evidence).orElse(null));
    }
}
