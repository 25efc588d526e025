package dev.posmon.alerting.maintenance;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.api.StoredInstants;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Declared maintenance windows: create and cancel (admin token), list (operator or admin token). */
@Path("/v1/maintenance-windows")
@Tag(name = "maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final MaintenanceService service;

    public MaintenanceResource(MaintenanceService service) {
        this.service = service;
    }

    /**
     * A window to declare: one-off {@code start}–{@code end}, or recurring by {@code rrule} (RFC 5545, e.g.
     * FREQ=DAILY) from {@code start}, each occurrence lasting {@code duration} (ISO 8601) in {@code timezone}.
     */
    public record NewWindow(
            String hostId, Instant start, Instant end, String rrule, String duration, String timezone, String reason) {}

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Declare a maintenance window; published to host.maintenance.v1 for analytics (admin token)")
    public Response declare(NewWindow request) {
        MaintenanceWindow window = validate(request);
        service.declare(window);
        return Response.created(URI.create("/v1/maintenance-windows/" + window.id()))
                .entity(window)
                .build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(
            summary =
                    "Every declared window, cancelled ones included, by start (operator or admin token); at most limit "
                            + "(default 100, at most 1000) a page, and a Link header (rel=\"next\") to the next page "
                            + "while more follow")
    @APIResponse(
            responseCode = "200",
            description = "a page of windows; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more windows follow"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = MaintenanceWindow.class)))
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        Paging.Request request;
        try {
            request = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<MaintenanceWindow> page = Paging.Page.ofFetched(
                service.page(request), request, window -> new Paging.Cursor(window.start(), window.id()));
        Response.ResponseBuilder answer = Response.ok(page.items());
        if (page.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), request, page.next()));
        }
        return answer.build();
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Operation(summary = "Cancel a window: it covers nothing from now on (kept, with cancelledAt) (admin token)")
    public MaintenanceWindow cancel(@PathParam("id") String id) {
        return service.cancel(id).orElseThrow(() -> ApiProblem.notFound("no maintenance window " + id));
    }

    /** The longest occurrence of a recurring window: a "maintenance" of more than a year is no window. */
    static final Duration LONGEST = Duration.ofDays(366);

    private static void atMost(String field, String value, int characters) {
        if (value != null && value.codePointCount(0, value.length()) > characters) {
            throw ApiProblem.badRequest(
                    field, "at most " + characters + " characters, got " + value.codePointCount(0, value.length()));
        }
        // PostgreSQL stores no NUL in text: refused here rather than by the database
        if (value != null && value.indexOf('\0') >= 0) {
            throw ApiProblem.badRequest(field, "contains a NUL character");
        }
    }

    /** Whether the rule's UNTIL, if it has one, lies in the years 1 to 9999 (the report and the calendar expand it). */
    static boolean untilStorable(String rrule) {
        try {
            DateTime until = new RecurrenceRule(rrule).getUntil();
            return until == null || StoredInstants.within(Instant.ofEpochMilli(until.getTimestamp()));
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            return false;
        }
    }

    private static void storable(String field, Instant instant) {
        try {
            StoredInstants.check(field, instant);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
    }

    static MaintenanceWindow validate(NewWindow r) {
        if (r == null || r.hostId() == null || !r.hostId().matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
            throw ApiProblem.badRequest(
                    "hostId", "required, an identifier of 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        if (r.start() == null) {
            throw ApiProblem.badRequest("start", "required (RFC 3339)");
        }
        storable("start", r.start());
        storable("end", r.end());
        // as long as their columns (maintenance_window), so that a longer one is a 400 naming it, not a 500 from the
        // database
        atMost("rrule", r.rrule(), 500);
        atMost("timezone", r.timezone(), 64);
        atMost("reason", r.reason(), 500);
        Duration duration = null;
        if (r.rrule() != null) {
            if (!MaintenanceWindow.validRrule(r.rrule())) {
                throw ApiProblem.badRequest(
                        "rrule", "not a valid RFC 5545 recurrence rule, e.g. FREQ=DAILY or FREQ=WEEKLY;BYDAY=SU");
            }
            if (!untilStorable(r.rrule())) {
                throw ApiProblem.badRequest("rrule", "UNTIL must lie in the years 1 to 9999");
            }
            if (r.duration() == null) {
                throw ApiProblem.badRequest("duration", "required for a recurring window (ISO 8601, e.g. PT30M)");
            }
            try {
                duration = Duration.parse(r.duration());
            } catch (DateTimeException e) {
                throw ApiProblem.badRequest(
                        "duration", "not an ISO 8601 duration such as PT30M, got '" + r.duration() + "'");
            }
            if (r.timezone() == null) {
                throw ApiProblem.badRequest("timezone", "required for a recurring window (IANA, e.g. Asia/Shanghai)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw ApiProblem.badRequest("duration", "must be positive");
            }
            if (duration.compareTo(LONGEST) > 0) {
                throw ApiProblem.badRequest("duration", "at most " + LONGEST.toDays() + " days, got " + duration);
            }
        } else if (r.end() == null || !r.end().isAfter(r.start())) {
            throw ApiProblem.badRequest("end", "a one-off window needs an end after its start");
        }
        if (r.timezone() != null) {
            try {
                ZoneId.of(r.timezone());
            } catch (DateTimeException e) {
                throw ApiProblem.badRequest("timezone", "not an IANA time zone id");
            }
        }
        return new MaintenanceWindow(
                "mw-" + UUID.randomUUID(),
                r.hostId(),
                r.start(),
                r.end(),
                r.rrule(),
                duration,
                r.timezone(),
                r.reason(),
                null);
    }
}
