package dev.posmon.alerting.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPublicationTest {

    private static final Instant START = Instant.parse("2026-11-26T15:00:00Z");

    /** A stand-in for Kafka: takes what it is sent while up, throws while down. */
    private final List<MaintenanceWindow> topic = new ArrayList<>();

    private boolean kafkaUp = true;
    private final WindowPublication publication = new WindowPublication(window -> {
        if (!kafkaUp) {
            throw new IllegalStateException("Kafka did not acknowledge");
        }
        topic.add(window);
    });

    @Test
    void aWindowKafkaTakesIsNotPending() {
        assertThat(publication.publish(window("W1", null))).isTrue();
        assertThat(topic).extracting(MaintenanceWindow::id).containsExactly("W1");
        assertThat(publication.pending()).isZero();
    }

    @Test
    void aWindowKafkaRefusesStaysPendingUntilARetryLandsIt() {
        kafkaUp = false;
        assertThat(publication.publish(window("W1", null))).isFalse();
        assertThat(publication.retry()).isEqualTo(1);
        assertThat(topic).isEmpty();

        kafkaUp = true;
        assertThat(publication.retry()).isZero();
        assertThat(topic).extracting(MaintenanceWindow::id).containsExactly("W1");
        assertThat(publication.retry()).isZero();
        assertThat(topic).hasSize(1);
    }

    @Test
    void aCancellationReplacesThePendingDeclarationSoTheTopicEndsOnTheDatabasesState() {
        kafkaUp = false;
        publication.publish(window("W1", null));
        Instant cancelledAt = START.minusSeconds(60);
        publication.publish(window("W1", cancelledAt));
        assertThat(publication.pending()).isEqualTo(1);

        kafkaUp = true;
        publication.retry();
        assertThat(topic)
                .singleElement()
                .extracting(MaintenanceWindow::cancelledAt)
                .isEqualTo(cancelledAt);
    }

    @Test
    void queuedWindowsAreSentInOrderByTheNextRetryWhichStopsAtTheFirstRefusal() {
        publication.enqueue(window("W1", null));
        publication.enqueue(window("W2", null));
        assertThat(topic).isEmpty();
        assertThat(publication.pending()).isEqualTo(2);

        kafkaUp = false;
        assertThat(publication.retry()).isEqualTo(2);
        kafkaUp = true;
        assertThat(publication.retry()).isZero();
        assertThat(topic).extracting(MaintenanceWindow::id).containsExactly("W1", "W2");
    }

    private static MaintenanceWindow window(String id, Instant cancelledAt) {
        return new MaintenanceWindow(
                id, "H1", START, START.plusSeconds(1800), null, null, "Asia/Shanghai", "cut-over", cancelledAt);
    }
}
