package dev.posmon.analytics.health;

import dev.posmon.security.DeskCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING: before that (and during a rebalance) the state stores cannot
 * answer the diagnosis API, and the instance should not receive traffic; nor before it has read the desk credentials
 * (a bound support token would be unknown).
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    private final KafkaStreams streams;
    private final DeskCredentials desk;

    public StreamsReadiness(KafkaStreams streams, DeskCredentials desk) {
        this.streams = streams;
        this.desk = desk;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("kafka-streams-running")
                .status(state == KafkaStreams.State.RUNNING && desk.caughtUp())
                .withData("state", state.name())
                .withData("deskCredentials", desk.caughtUp() ? "read" : "reading")
                .build();
    }
}
