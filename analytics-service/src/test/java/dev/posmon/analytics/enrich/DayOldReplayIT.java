package dev.posmon.analytics.enrich;

import static dev.posmon.analytics.TestEvents.attempt;
import static dev.posmon.analytics.TestEvents.registered;
import static dev.posmon.analytics.TestEvents.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.StreamsRunResource;
import dev.posmon.contract.classify.ClassifiedSignOn;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A gateway replays a batch of a day ago through the real broker, after the terminal's partition has moved on to
 * today: every attempt of the batch, within ingest's acceptance window, is classified once, not twice.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StreamsRunResource.class)
class DayOldReplayIT {

    @Test
    void aBatchOfADayAgoSentTwiceIsClassifiedOnce() throws Exception {
        String terminal = "RX-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send(Topics.TERMINAL_REGISTRY, terminal, registered(terminal, MerchantStatus.ACTIVE));
        try (TopicProbe<String, ClassifiedSignOn> classified =
                TopicProbe.fromNow(KafkaTestResource.bootstrapServers(), Topics.SIGNON_CLASSIFIED)) {
            // today first: the partition's stream time is now, so the batch below is a day behind it
            send(
                    Topics.SIGNON_ATTEMPTS,
                    terminal,
                    attempt(terminal, now.minus(Duration.ofMinutes(1)), Outcome.SUCCESS, "00"));
            List<SignOnAttempt> dayOld = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                dayOld.add(attempt(
                        terminal,
                        now.minus(Duration.ofHours(26)).plusSeconds(30L * i),
                        i % 2 == 0 ? Outcome.FAILURE : Outcome.SUCCESS,
                        i % 2 == 0 ? "96" : "00"));
            }
            for (SignOnAttempt attempt : dayOld) {
                send(Topics.SIGNON_ATTEMPTS, terminal, attempt);
            }
            for (SignOnAttempt attempt : dayOld) {
                send(Topics.SIGNON_ATTEMPTS, terminal, attempt);
            }
            SignOnAttempt marker = attempt(terminal, now, Outcome.SUCCESS, "00");
            send(Topics.SIGNON_ATTEMPTS, terminal, marker);

            List<ConsumerRecord<String, ClassifiedSignOn>> seen = classified.await(
                    r -> terminal.equals(r.key())
                            && marker.eventId().equals(r.value().eventId()),
                    1,
                    Duration.ofSeconds(90));
            assertThat(seen)
                    .as("the marker sent after the replay was classified")
                    .hasSize(1);
            // one task, one partition, in order: everything sent before the marker has been classified by now
            List<UUID> ids = classified.await(r -> terminal.equals(r.key()), 0, Duration.ZERO).stream()
                    .map(r -> r.value().eventId())
                    .toList();
            assertThat(ids)
                    .as("today's attempt, the batch once, the marker")
                    .hasSize(22)
                    .doesNotHaveDuplicates()
                    .containsAll(dayOld.stream().map(SignOnAttempt::eventId).toList());
        }
    }
}
