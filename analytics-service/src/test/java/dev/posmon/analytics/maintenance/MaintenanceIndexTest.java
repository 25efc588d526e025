package dev.posmon.analytics.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The index answers what a scan of the store in its order answered, through puts, replacements and tombstones. */
class MaintenanceIndexTest {

    private static final String[] HOSTS = {"host-a", "host-b", "host-c", null};
    private static final String[] PROVINCES = {"44", "31", null};
    private static final String[] CARRIERS = {"CMCC", "CUCC", null};

    @Test
    void answers_what_a_scan_of_the_store_answered() {
        Random random = new Random(5);
        MaintenanceIndex index = new MaintenanceIndex();
        // the store: ids ordered as their UTF-8 bytes, as Kafka Streams' in-memory store orders them
        TreeMap<String, MaintenanceWindow> store = new TreeMap<>((a, b) ->
                Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        for (int step = 0; step < 3_000; step++) {
            String id = "w-" + random.nextInt(60) + (random.nextInt(10) == 0 ? "\u00e9" : "");
            if (random.nextInt(5) == 0) {
                store.remove(id);
                index.put(id, null);
            } else {
                MaintenanceWindow window = window(id, random);
                store.put(id, window);
                index.put(id, window);
            }
            String host = HOSTS[random.nextInt(HOSTS.length)];
            Map<String, String> network = new HashMap<>();
            String province = PROVINCES[random.nextInt(PROVINCES.length)];
            String carrier = CARRIERS[random.nextInt(CARRIERS.length)];
            if (province != null) {
                network.put("province", province);
            }
            if (carrier != null) {
                network.put("carrier", carrier);
            }
            List<MaintenanceWindow> scanned = new ArrayList<>();
            for (MaintenanceWindow window : store.values()) {
                if (window.ofHost(host) || window.coversNetworkOf(network)) {
                    scanned.add(window);
                }
            }
            assertThat(index.concerning(host, network)).as("step %d", step).isEqualTo(scanned);
        }
        assertThat(index.size()).isEqualTo(store.size());
    }

    private static MaintenanceWindow window(String id, Random random) {
        Instant start = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(random.nextInt(86_400));
        boolean ofHost = random.nextBoolean();
        return new MaintenanceWindow(
                id,
                ofHost ? HOSTS[random.nextInt(3)] : null,
                start,
                start.plus(Duration.ofHours(1)),
                null,
                null,
                null,
                "works",
                null,
                ofHost ? null : PROVINCES[random.nextInt(PROVINCES.length)],
                ofHost ? null : CARRIERS[random.nextInt(CARRIERS.length)],
                null,
                null);
    }
}
