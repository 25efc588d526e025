package dev.posmon.alerting.maintenance;

import dev.posmon.alerting.api.Problems;
import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.registry.Regions;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Published maintenance notice calendars (iCalendar, RFC 5545): uploaded as a {@code .ics} body, or subscribed by URL
 * and fetched every {@code posmon.alerting.calendar-poll-interval}. Each event becomes a maintenance window of the
 * calendar's scope: a host, or the network of a province, a carrier, or a carrier in a province.
 */
@Path("/v1/maintenance-calendars")
@Tag(name = "maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarsResource {

    static final String DEFAULT_ZONE = "Asia/Shanghai";

    private final NoticeCalendars calendars;

    public CalendarsResource(NoticeCalendars calendars) {
        this.calendars = calendars;
    }

    /** A calendar to subscribe to: its URL and what its windows cover. */
    public record NewSubscription(String url, String hostId, String province, String carrier, String timezone) {}

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes("text/calendar")
    @Operation(
            summary = "Upload a maintenance notice calendar (.ics): its events replace the windows it gave before, "
                    + "the ones it no longer lists are cancelled; the scope is hostId, or province and/or carrier "
                    + "(admin token)")
    public MaintenanceService.Imported upload(
            @PathParam("name") String name,
            @QueryParam("hostId") String hostId,
            @QueryParam("province") String province,
            @QueryParam("carrier") String carrier,
            @QueryParam("timezone") String timezone,
            String ics)
            throws SQLException {
        NoticeCalendars.Subscription calendar = validate(name, null, hostId, province, carrier, timezone);
        if (ics == null || ics.isBlank()) {
            throw ApiProblem.badRequest("body", "an iCalendar document (text/calendar) is required");
        }
        try {
            return calendars.upload(calendar, ics);
        } catch (NoticeCalendar.Invalid e) {
            throw ApiProblem.badRequest("body", e.getMessage());
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Subscribe to a published maintenance notice calendar by URL: fetched now and every poll "
                    + "interval (admin token)")
    public NoticeCalendars.Subscription subscribe(@PathParam("name") String name, NewSubscription request) {
        if (request == null) {
            throw ApiProblem.badRequest("body", "required: {url, hostId | province and/or carrier, timezone}");
        }
        if (request.url() == null
                || !(request.url().startsWith("http://") || request.url().startsWith("https://"))
                || request.url().length() > 2000) {
            throw ApiProblem.badRequest("url", "required, an http(s) URL of at most 2000 characters");
        }
        try {
            if (URI.create(request.url()).getHost() == null) {
                throw ApiProblem.badRequest("url", "names no host: '" + request.url() + "'");
            }
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("url", "not a URL: " + e.getMessage());
        }
        NoticeCalendars.Subscription calendar = validate(
                name, request.url(), request.hostId(), request.province(), request.carrier(), request.timezone());
        try {
            return calendars.subscribe(calendar);
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(
            summary = "The known calendars in the order they were added, with when each was last imported and its last "
                    + "error (operator or admin); at most limit (default 100, at most 1000) a page, and a Link header "
                    + "(rel=\"next\") to the next page while more follow")
    @APIResponse(
            responseCode = "200",
            description = "a page of calendars; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more calendars follow"),
            content =
                    @Content(
                            schema =
                                    @Schema(
                                            type = SchemaType.ARRAY,
                                            implementation = NoticeCalendars.Subscription.class)))
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        Paging.Request request;
        try {
            request = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<NoticeCalendars.Subscription> page;
        try {
            page = Paging.Page.ofFetched(
                    calendars.page(request),
                    request,
                    calendar -> new Paging.Cursor(calendar.createdAt(), calendar.name()));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
        Response.ResponseBuilder answer = Response.ok(page.items());
        if (page.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), request, page.next()));
        }
        return answer.build();
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Forget a calendar and cancel its windows (admin token)")
    public MaintenanceService.Imported remove(@PathParam("name") String name) {
        try {
            return calendars.remove(name).orElseThrow(() -> ApiProblem.notFound("no maintenance calendar " + name));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    static NoticeCalendars.Subscription validate(
            String name, String url, String hostId, String province, String carrier, String timezone) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw ApiProblem.badRequest("name", "1-64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (hostId != null && !hostId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
            throw ApiProblem.badRequest("hostId", "an identifier of 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        if (province != null
                && (!province.matches("\\d{2}0000")
                        || Regions.provinceName(province, Language.EN).equals(province))) {
            throw ApiProblem.badRequest("province", "a GB/T 2260 province code such as 440000, got '" + province + "'");
        }
        if (carrier != null && !carrier.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiProblem.badRequest("carrier", "a carrier as the cube names it (e.g. CMCC), 1-64 characters");
        }
        if (hostId == null && province == null && carrier == null) {
            throw ApiProblem.badRequest("hostId", "a scope is required: hostId, or province and/or carrier");
        }
        if (hostId != null && (province != null || carrier != null)) {
            throw ApiProblem.badRequest(
                    "hostId", "a calendar covers a host or a network (province, carrier), not both");
        }
        String zone = timezone == null ? DEFAULT_ZONE : timezone;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("timezone", "not an IANA time zone id, e.g. Asia/Shanghai");
        }
        return new NoticeCalendars.Subscription(name, url, hostId, province, carrier, zone, null, null, null, null);
    }
}
