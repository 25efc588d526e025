package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.alerting.detect.DetectorSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertingConfigTest {

    static AlertingConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(AlertingConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(AlertingConfig.class);
    }

    @Test
    void theDefaultsAreTheDetectorsOwnAndShanghaiTime() {
        AlertingConfig config = config(Map.of());
        assertThat(config.detectorSettings()).isEqualTo(DetectorSettings.DEFAULTS);
        assertThat(config.seasonZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.windowSettle()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void significanceVolumeGuardAndSeasonZoneAreConfigurable() {
        AlertingConfig config = config(Map.of(
                "posmon.alerting.detector.significance",
                "1e-4",
                "posmon.alerting.detector.min-attempts",
                "100",
                "posmon.alerting.detector.min-failures",
                "20",
                "posmon.alerting.season-zone",
                "Europe/Berlin"));
        DetectorSettings settings = config.detectorSettings();
        assertThat(settings.significance()).isEqualTo(1e-4);
        assertThat(settings.minAttempts()).isEqualTo(100);
        assertThat(settings.minFailures()).isEqualTo(20);
        assertThat(settings.minLift()).as("the rest stays as it was").isEqualTo(DetectorSettings.DEFAULTS.minLift());
        assertThat(config.seasonZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void aSignificanceOutsideZeroToOneIsRefused() {
        AlertingConfig config = config(Map.of("posmon.alerting.detector.significance", "5"));
        assertThatThrownBy(config::detectorSettings)
                .hasMessageContaining("significance must lie strictly between 0 and 1, got 5.0");
    }
}
