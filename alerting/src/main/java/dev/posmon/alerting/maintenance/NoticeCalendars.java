package dev.posmon.alerting.maintenance;

import dev.posmon.alerting.ha.AlertingRole;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The published maintenance notice calendars (iCalendar) alerting knows: uploaded ones and subscribed ones it fetches
 * on a schedule. Each is kept in {@code maintenance_calendar}; its windows come from its latest upload or fetch
 * ({@link MaintenanceService#importCalendar}). Only the active replica polls.
 */
@ApplicationScoped
public class NoticeCalendars {

    private static final Logger LOG = Logger.getLogger(NoticeCalendars.class);
    /** A feed larger than this is refused: notices of years fit in far less. */
    static final int MAX_FEED_BYTES = 2 * 1024 * 1024;

    /**
     * A calendar as stored: what its windows cover, where it is fetched from (null: uploaded), how its last import
     * went, and when it was first stored ({@code createdAt}, null before; the order of the list and its cursor).
     */
    public record Subscription(
            String name,
            String url,
            String hostId,
            String province,
            String carrier,
            String timezone,
            Instant polledAt,
            String lastError,
            Integer windows,
            Instant createdAt) {

        NoticeCalendar.Scope scope() {
            return new NoticeCalendar.Scope(hostId, province, carrier);
        }
    }

    private final DataSource dataSource;
    private final MaintenanceService maintenance;
    private final AlertingRole role;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    public NoticeCalendars(
            DataSource dataSource,
            MaintenanceService maintenance,
            AlertingRole role,
            Clock clock,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.maintenance = maintenance;
        this.role = role;
        this.clock = clock;
        this.registry = registry;
    }

    /** An uploaded calendar: registered (without a URL) and imported. */
    public MaintenanceService.Imported upload(Subscription calendar, String ics) throws SQLException {
        List<MaintenanceWindow> windows =
                NoticeCalendar.windows(calendar.name(), ics, calendar.scope(), ZoneId.of(calendar.timezone()));
        save(calendar);
        MaintenanceService.Imported imported = maintenance.importCalendar(calendar.name(), windows);
        recordPoll(calendar.name(), null, imported.windows().size());
        return imported;
    }

    /** A subscribed calendar: registered, fetched now and then every poll interval. */
    public Subscription subscribe(Subscription calendar) throws SQLException {
        save(calendar);
        poll(calendar);
        return find(calendar.name()).orElseThrow();
    }

    /** Forgets a calendar and cancels its windows; empty if there was none of that name. */
    public Optional<MaintenanceService.Imported> remove(String name) throws SQLException {
        if (find(name).isEmpty()) {
            return Optional.empty();
        }
        MaintenanceService.Imported imported = maintenance.importCalendar(name, List.of());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM maintenance_calendar WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
        return Optional.of(imported);
    }

    @Scheduled(
            every = "${posmon.alerting.calendar-poll-interval:PT1H}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() throws SQLException {
        if (!role.active()) {
            return;
        }
        for (Subscription calendar : all()) {
            if (calendar.url() != null) {
                poll(calendar);
            }
        }
    }

    /**
     * Fetches one subscribed calendar and imports it. A feed that cannot be fetched or read changes no window (its
     * windows stay as the last good fetch left them) and is recorded as the calendar's last error.
     */
    void poll(Subscription calendar) throws SQLException {
        if (calendar.url() == null) {
            return;
        }
        try {
            String ics = fetch(calendar.url());
            MaintenanceService.Imported imported = maintenance.importCalendar(
                    calendar.name(),
                    NoticeCalendar.windows(calendar.name(), ics, calendar.scope(), ZoneId.of(calendar.timezone())));
            recordPoll(calendar.name(), null, imported.windows().size());
            registry.counter("posmon.alerting.calendar.polls", "result", "imported")
                    .increment();
        } catch (IOException | NoticeCalendar.Invalid | IllegalArgumentException e) {
            LOG.warnf("maintenance calendar %s (%s) not imported: %s", calendar.name(), calendar.url(), e.getMessage());
            recordPoll(calendar.name(), e.getMessage(), null);
            registry.counter("posmon.alerting.calendar.polls", "result", "failed")
                    .increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String fetch(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .header("Accept", "text/calendar")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_FEED_BYTES + 1);
            if (bytes.length > MAX_FEED_BYTES) {
                throw new IOException("GET " + url + " is larger than " + MAX_FEED_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Every calendar, for the poll (a few dozen feeds at most: one per acquirer and carrier). */
    public List<Subscription> all() throws SQLException {
        return select("", List.of(), "");
    }

    /**
     * One page of the calendars in the order they were first stored (then by name): at most {@code page.limit() + 1}
     * after the page's cursor, the extra one saying that another page follows; the limit and the position are SQL's.
     */
    public List<Subscription> page(Paging.Request page) throws SQLException {
        if (page.after() == null) {
            return select("", List.of(), " LIMIT " + (page.limit() + 1));
        }
        return select(
                " WHERE (created_at, name) > (?, ?)",
                List.of(Timestamp.from(page.after().at()), page.after().id()),
                " LIMIT " + (page.limit() + 1));
    }

    public Optional<Subscription> find(String name) throws SQLException {
        return select(" WHERE name = ?", List.of(name), "").stream().findFirst();
    }

    private List<Subscription> select(String where, List<Object> parameters, String limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT name, url, host_id, province, carrier, timezone, polled_at, last_error, windows, "
                                + "created_at FROM maintenance_calendar" + where + " ORDER BY created_at, name"
                                + limit)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<Subscription> calendars = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp polled = rows.getTimestamp(7);
                    int count = rows.getInt(9);
                    Integer windows = rows.wasNull() ? null : count;
                    Timestamp created = rows.getTimestamp(10);
                    calendars.add(new Subscription(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            polled == null ? null : polled.toInstant(),
                            rows.getString(8),
                            windows,
                            created.toInstant()));
                }
            }
            return calendars;
        }
    }

    private void save(Subscription calendar) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO maintenance_calendar (name, url, host_id, province, carrier, timezone, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET url = EXCLUDED.url, "
                                + "host_id = EXCLUDED.host_id, province = EXCLUDED.province, carrier = EXCLUDED.carrier, "
                                + "timezone = EXCLUDED.timezone")) {
            upsert.setString(1, calendar.name());
            upsert.setString(2, calendar.url());
            upsert.setString(3, calendar.hostId());
            upsert.setString(4, calendar.province());
            upsert.setString(5, calendar.carrier());
            upsert.setString(6, calendar.timezone());
            upsert.setTimestamp(7, Timestamp.from(clock.instant()));
            upsert.executeUpdate();
        }
    }

    private void recordPoll(String name, String error, Integer windows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE maintenance_calendar SET polled_at = ?, last_error = ?, windows = COALESCE(?, windows) "
                                + "WHERE name = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, error);
            if (windows == null) {
                update.setNull(3, Types.INTEGER);
            } else {
                update.setInt(3, windows);
            }
            update.setString(4, name);
            update.executeUpdate();
        }
    }
}
