package dev.posmon.alerting.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention horizons as configured: the documented defaults, and each one the retention job purges by. */
class RetentionConfigTest {

    static RetentionConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(RetentionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(RetentionConfig.class);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(config(Map.of()).horizons())
                .isEqualTo(new Retention.Horizons(
                        Duration.ofDays(400),
                        Duration.ofDays(30),
                        Duration.ofDays(400),
                        Duration.ofDays(400),
                        Duration.ofDays(400),
                        Duration.ofDays(730),
                        Duration.ofDays(40)));
    }

    @Test
    void theJudgedWindowsHorizonIsConfigurable() {
        RetentionConfig config = config(Map.of("posmon.retention.judged-windows", "P60D"));
        assertThat(config.judgedWindows()).isEqualTo(Duration.ofDays(60));
        assertThat(config.horizons().judgedWindows())
                .as("what the retention job purges by")
                .isEqualTo(Duration.ofDays(60));
    }
}
