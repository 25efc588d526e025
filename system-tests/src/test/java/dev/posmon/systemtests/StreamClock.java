package dev.posmon.systemtests;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.systemtests.SignOns.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Moves analytics' event time forward on every partition, so that its event-time windows close. The cube
 * closes a window once every partition of {@code signon.attempts.v1} has seen an attempt past the window's end
 * plus the grace, so a tick is one success of each clock terminal, and the clock terminals are chosen so that
 * their terminal ids hash to every input partition with Kafka's default partitioner (murmur2 of the key's bytes).
 */
final class StreamClock {

    static final String FIRMWARE = "FWC";
    private final List<TerminalRecord> terminals = new ArrayList<>();
    private final String carrier = "CMCC";

    /**
     * @param idPrefix   clock terminal ids start with it (unique per run)
     * @param model      the clock terminals' model (keeps their cells apart from the tests' own)
     * @param partitions partitions of {@code signon.attempts.v1}
     */
    StreamClock(String idPrefix, String regionCode, String model, String acquirer, int partitions) {
        int candidate = 0;
        for (int p = 0; p < partitions; p++) {
            String terminalId;
            do {
                terminalId = idPrefix + "-" + candidate++;
            } while (partition(terminalId, partitions) != p);
            terminals.add(SignOns.terminal(terminalId, regionCode, model, acquirer));
        }
    }

    /** The clock terminals, to register before ticking. */
    List<TerminalRecord> terminals() {
        return List.copyOf(terminals);
    }

    /** One success of every clock terminal at the given event time, each with a fresh eventId. */
    List<SignOnAttempt> tick(Instant at) {
        return terminals.stream()
                .map(terminal -> SignOns.attempt(terminal.terminalId(), at, Kind.SUCCESS, carrier, FIRMWARE))
                .toList();
    }

    /** The partition Kafka's default partitioner (and Kafka Streams' repartitioning) gives a String key. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The number of partitions of a topic. */
    static int partitions(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing " + topic, e);
        }
    }

    /** The name of analytics' repartition topic between the cube's two stages (Repartitioned "cube-partials"). */
    static String cubeRepartitionTopic(String applicationId) {
        return applicationId + "-cube-partials-repartition";
    }
}
