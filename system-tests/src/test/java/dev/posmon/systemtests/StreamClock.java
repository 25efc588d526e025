package dev.posmon.systemtests;

import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.RegionCode;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.systemtests.SignOns.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Moves analytics' stream time forward on every partition, so that its event-time windows close. Stream
 * time advances per task, only with input: once on each {@code signon.attempts.v1} partition (key
 * terminalId) and once more on each partition of the cube's repartition topic (key: the cell's dimensions).
 * A tick is one success of each clock terminal; the clock terminals are chosen so that their terminal ids
 * hash to every input partition and their cells (through the firmware version) to every repartition
 * partition, with Kafka's default partitioner (murmur2 of the key's bytes).
 */
final class StreamClock {

    private final List<TerminalRecord> terminals = new ArrayList<>();
    private final Map<String, String> firmwareOf = new LinkedHashMap<>();
    private final String carrier = "CMCC";

    /**
     * @param idPrefix   clock terminal ids start with it (unique per run)
     * @param model      the clock terminals' model (keeps their cells apart from the tests' own)
     * @param partitions partitions of {@code signon.attempts.v1}, and so of analytics' cube repartition topic
     *                   (Kafka Streams gives a repartition topic the partition count of its sub-topology's input)
     */
    StreamClock(String idPrefix, String regionCode, String model, String acquirer, int partitions) {
        Set<String> usedFirmware = new HashSet<>();
        int candidate = 0;
        for (int p = 0; p < partitions; p++) {
            String terminalId;
            do {
                terminalId = idPrefix + "-" + candidate++;
            } while (partition(terminalId, partitions) != p);
            String firmware = null;
            for (int f = 0; firmware == null; f++) {
                String candidateFirmware = "FWC-" + f;
                String cell = CubeCell.dimensionsKey(RegionCode.province(regionCode), SignOns.HOST, carrier, model, candidateFirmware);
                if (!usedFirmware.contains(candidateFirmware) && partition(cell, partitions) == p) {
                    firmware = candidateFirmware;
                }
            }
            usedFirmware.add(firmware);
            terminals.add(SignOns.terminal(terminalId, regionCode, model, acquirer));
            firmwareOf.put(terminalId, firmware);
        }
    }

    /** The clock terminals, to register before ticking. */
    List<TerminalRecord> terminals() {
        return List.copyOf(terminals);
    }

    /** One success of every clock terminal at the given event time, each with a fresh eventId. */
    List<SignOnAttempt> tick(Instant at) {
        return terminals.stream()
                .map(terminal -> SignOns.attempt(terminal.terminalId(), at, Kind.SUCCESS, carrier, firmwareOf.get(terminal.terminalId())))
                .toList();
    }

    /** The partition Kafka's default partitioner (and Kafka Streams' repartitioning) gives a String key. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The number of partitions of a topic. */
    static int partitions(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing " + topic, e);
        }
    }

    /** The name of analytics' repartition topic for the cube (Grouped "cube-cells"). */
    static String cubeRepartitionTopic(String applicationId) {
        return applicationId + "-cube-cells-repartition";
    }
}
