package dev.posmon.alerting.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where and how alerting notifies. */
@ConfigMapping(prefix = "posmon.notify")
public interface NotifyConfig {

    /** Base URL of Prometheus Alertmanager (its /api/v2/alerts receives the alerts); unset: none sent. */
    Optional<String> alertmanagerUrl();

    /** URL of a generic webhook receiving Alertmanager-webhook-v4-shaped JSON; unset: none sent. */
    Optional<String> webhookUrl();

    /** How alerting is reached, for links in notifications. */
    @WithDefault("http://127.0.0.1:8082")
    String externalUrl();

    /** How often a firing incident's alert is sent again, so Alertmanager keeps it active. */
    @WithDefault("PT1M")
    Duration resendInterval();

    /** First retry delay after a failed delivery; doubles up to max-backoff. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** Longest delay between retries. */
    @WithDefault("PT30S")
    Duration maxBackoff();

    /** Longest wait for a receiver's answer (HTTP response, Kafka acknowledgement) once connected; then the attempt fails. */
    @WithDefault("PT5S")
    Duration requestTimeout();

    /** Longest wait for a TCP connection to an HTTP receiver (or for Kafka's metadata). */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** How long a replica's claim on an outbox row lasts; must exceed connect-timeout plus request-timeout. */
    @WithDefault("PT30S")
    Duration claimLease();

    /** Pause between two delivery rounds of one receiver's worker. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** The plain settings of delivery, checked. */
    default DeliverySettings delivery() {
        return new DeliverySettings(
                connectTimeout(), requestTimeout(), claimLease(), pollInterval(), initialBackoff(), maxBackoff());
    }
}
