package dev.posmon.simulator.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager's API v2: the alerts it holds now ({@code GET /api/v2/alerts}), as their labels. */
public final class AlertmanagerClient {

    private final Http http;

    public AlertmanagerClient(URI alertmanager) {
        this.http = new Http(alertmanager);
    }

    /** The labels of every alert Alertmanager holds (active, silenced or inhibited alike). */
    public List<Map<String, String>> alerts() {
        JsonNode list = http.json("GET", "/api/v2/alerts", "", null);
        List<Map<String, String>> alerts = new ArrayList<>();
        for (JsonNode alert : list) {
            Map<String, String> labels = new LinkedHashMap<>();
            alert.path("labels")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            alerts.add(labels);
        }
        return alerts;
    }

    /** Whether it answers ({@code GET /-/ready}). */
    public boolean ready() {
        try {
            return http.send("GET", "/-/ready", "", null, null).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
