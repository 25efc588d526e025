package dev.posmon.simulator.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.incident.IncidentRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** alerting's API with the admin token: declare maintenance windows, read incidents, how far it has judged the cube. */
public final class AlertingClient {

    private final Http http;
    private final String adminToken;

    public AlertingClient(URI alerting, String adminToken) {
        this.http = new Http(alerting);
        this.adminToken = adminToken;
    }

    /** A one-off window ({@code POST /v1/maintenance-windows}); answers its id. */
    public String declareWindow(String hostId, Instant start, Instant end, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostId", hostId);
        body.put("start", start.toString());
        body.put("end", end.toString());
        body.put("reason", reason);
        return http.json("POST", "/v1/maintenance-windows", adminToken, body)
                .path("id")
                .asText();
    }

    /** A recurring window, e.g. the daily cut-over: {@code FREQ=DAILY} from {@code start}, each lasting {@code duration}. */
    public String declareDaily(String hostId, Instant start, Duration duration, String timezone, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostId", hostId);
        body.put("start", start.toString());
        body.put("rrule", "FREQ=DAILY");
        body.put("duration", duration.toString());
        body.put("timezone", timezone);
        body.put("reason", reason);
        return http.json("POST", "/v1/maintenance-windows", adminToken, body)
                .path("id")
                .asText();
    }

    /**
     * A carrier's announced works as the notice calendar a carrier publishes ({@code PUT
     * /v1/maintenance-calendars/{name}}, an iCalendar with one event in Beijing time); answers how many windows alerting
     * took from it.
     */
    public int announceCarrierWorks(
            String name, String province, String carrier, Instant start, Instant end, String reason) {
        DateTimeFormatter local =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneId.of("Asia/Shanghai"));
        String ics = String.join(
                "\r\n",
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//posmon simulator//" + carrier + " notices//ZH",
                "BEGIN:VEVENT",
                "UID:" + name + "@simulator.posmon.dev",
                "DTSTAMP:"
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .withZone(ZoneOffset.UTC)
                                .format(start),
                "DTSTART;TZID=Asia/Shanghai:" + local.format(start),
                "DTEND;TZID=Asia/Shanghai:" + local.format(end),
                "SUMMARY:" + reason,
                "END:VEVENT",
                "END:VCALENDAR",
                "");
        HttpResponse<String> response = http.send(
                "PUT",
                "/v1/maintenance-calendars/" + name + "?province=" + province + "&carrier=" + carrier,
                adminToken,
                "text/calendar; charset=utf-8",
                ics.getBytes(StandardCharsets.UTF_8));
        try {
            return Http.JSON.readTree(response.body()).path("created").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("alerting answered the calendar with " + response.body(), e);
        }
    }

    /** Every incident alerting has ({@code GET /v1/incidents}, page after page by its Link header), newest first. */
    public List<IncidentRecord> incidents() {
        List<IncidentRecord> incidents = new ArrayList<>();
        String page = "/v1/incidents?limit=" + Paging.MAX_LIMIT;
        while (page != null) {
            HttpResponse<String> response = http.send("GET", page, adminToken, null, null);
            try {
                for (JsonNode node : Http.JSON.readTree(response.body())) {
                    incidents.add(Http.JSON.treeToValue(node, IncidentRecord.class));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page = Paging.nextFrom(response.headers().firstValue("Link").orElse(null));
        }
        return incidents;
    }

    /**
     * The end of the newest cube window alerting has judged ({@code posmon_alerting_window_judged_end_seconds} on
     * {@code /q/metrics}); the epoch before its first. A scenario played faster than the pipeline keeps up leaves
     * alerting a backlog of windows: "no incident open" alone can hold between two of them.
     */
    public Instant judgedUpTo() {
        String metrics = http.send("GET", "/q/metrics", adminToken, null, null).body();
        return metrics.lines()
                .filter(line -> line.startsWith("posmon_alerting_window_judged_end_seconds "))
                .map(line -> Instant.ofEpochSecond((long)
                        Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim())))
                .findFirst()
                .orElse(Instant.EPOCH);
    }
}
