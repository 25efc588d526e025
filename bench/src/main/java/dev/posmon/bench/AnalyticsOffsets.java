package dev.posmon.bench;

import dev.posmon.contract.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * After {@code ./posmon bench ingest} or {@code analytics}: the benchmark's events stay on the event topics, and
 * posmon's own analytics (stopped meanwhile) would replay them all at the next {@code ./posmon up}, hours of backlog.
 * Its group's committed offsets on {@code signon.attempts.v1} and {@code device.telemetry.v1} move to their ends
 * instead: the records written while it was stopped are the benchmark's. The group keeps its stopped members until
 * their sessions expire (up to a minute), and the broker refuses to move the offsets of a group with members, so the
 * move is tried again for up to two minutes.
 *
 * <p>Arguments: bootstrap [group]. {@code ./posmon} runs it only when analytics-service is not running.
 */
public final class AnalyticsOffsets {

    static final String GROUP = "posmon-analytics";
    static final List<String> TOPICS = List.of(Topics.SIGNON_ATTEMPTS.name(), Topics.DEVICE_TELEMETRY.name());

    private AnalyticsOffsets() {}

    public static void main(String[] args) throws Exception {
        String group = args.length > 1 ? args[1] : GROUP;
        try (Admin admin = BenchKafka.admin(args[0])) {
            int partitions = untilMoved(Duration.ofMinutes(2), Duration.ofSeconds(5), () -> skipToEnd(admin, group));
            System.out.printf(
                    "%s's offsets on %s moved past the benchmark's events (%d partitions): the next up does not"
                            + " replay them%n",
                    group, String.join(" and ", TOPICS), partitions);
        }
    }

    /** Commits the end offsets of every partition of the event topics for the group; returns how many partitions. */
    static int skipToEnd(Admin admin, String group) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            partitions.addAll(KafkaOffsets.partitions(admin, topic));
        }
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        KafkaOffsets.endOffsets(admin, partitions).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
        admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
        return ends.size();
    }

    /** One try at moving the offsets. */
    interface Move {
        int run() throws Exception;
    }

    /**
     * Tries the move until it succeeds, again after {@code pause} while the group still has members (stopped ones
     * whose sessions have not expired yet), for at most {@code timeout}; any other failure ends it at once.
     */
    static int untilMoved(Duration timeout, Duration pause, Move move) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return move.run();
            } catch (ExecutionException e) {
                boolean membersLeft = e.getCause() instanceof GroupNotEmptyException
                        || e.getCause() instanceof UnknownMemberIdException;
                if (!membersLeft) {
                    throw e;
                }
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    throw new IllegalStateException(
                            "could not move analytics' offsets past the benchmark's events within " + timeout
                                    + ": the group still has members",
                            e);
                }
            }
            Thread.sleep(pause.toMillis());
        }
    }
}
