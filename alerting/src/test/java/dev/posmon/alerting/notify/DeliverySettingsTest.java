package dev.posmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    static DeliverySettings settings(Duration lease) {
        return new DeliverySettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                lease,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    @Test
    void theLeaseMustOutlastTheLongestAttempt() {
        assertThat(settings(Duration.ofSeconds(30)).longestAttempt()).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> settings(Duration.ofSeconds(7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("claim-lease");
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        DeliverySettings settings = settings(Duration.ofSeconds(30));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(settings.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoff(400)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyDurationIsPositive() {
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ZERO,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
