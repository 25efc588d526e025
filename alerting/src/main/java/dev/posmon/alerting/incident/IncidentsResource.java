package dev.posmon.alerting.incident;

import static dev.posmon.alerting.store.Blocking.await;

import dev.posmon.alerting.api.Problems;
import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.IncidentEntity;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.Repositories;
import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.security.AcquirerScope;
import dev.posmon.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Incidents: list, read, acknowledge, resolve (operator or admin token). The JSON is the contract's
 * {@code IncidentRecord}.
 */
@Path("/v1/incidents")
@Tag(name = "incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class IncidentsResource {

    private final Repositories.Incidents incidents;
    private final AlertingService service;
    private final SecurityIdentity caller;

    public IncidentsResource(Repositories.Incidents incidents, AlertingService service, SecurityIdentity caller) {
        this.incidents = incidents;
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN})
    @Operation(
            summary =
                    "Incidents, newest first; filter by status (OPEN, ACKNOWLEDGED, RESOLVED), kind (e.g. HOST_OUTAGE) and since "
                            + "(RFC 3339: incidents active at or after it); at most limit (default 100, at most 1000) a page, and a Link header "
                            + "(rel=\"next\") to the next page while more follow; a value that does not read is a 400 problem naming the parameter. "
                            + "A credential bound to acquirers lists only the incidents that hit one of them")
    @APIResponse(
            responseCode = "200",
            description = "a page of incidents; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more incidents follow"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = IncidentRecord.class)))
    public Response list(
            @QueryParam("status") String status,
            @QueryParam("kind") String kind,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        IncidentFilter filter;
        Paging.Request page;
        try {
            filter = IncidentFilter.parse(status, kind, since);
            page = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw Problems.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<IncidentEntity> rows = Paging.Page.ofFetched(
                await(() -> Panache.withSession(() -> incidents.search(filter, page, AcquirerScope.of(caller)))),
                page,
                row -> new Paging.Cursor(row.onset, row.id));
        Response.ResponseBuilder answer = Response.ok(rows.items().stream()
                .map(IncidentMapping::toIncident)
                .map(Incident::toRecord)
                .toList());
        if (rows.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), page, rows.next()));
        }
        return answer.build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN})
    @Operation(summary = "One incident; 403 for a credential bound to acquirers it did not hit")
    public IncidentRecord get(@PathParam("id") String id) {
        return readable(id).toRecord();
    }

    /**
     * The incident, if the caller may see it: 404 when there is none, 403 when the caller's credential is bound to
     * acquirers and it hit none of them.
     */
    private Incident readable(String id) {
        var row = await(() -> Panache.withSession(() -> incidents.findById(id)));
        if (row == null) {
            throw Problems.notFound("no incident " + id);
        }
        Incident incident = IncidentMapping.toIncident(row);
        AcquirerScope.of(caller).check(AcquirerScope.of(caller).overlaps(incident.acquirers()));
        return incident;
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge: someone is on it; it stays active and keeps firing until resolved")
    public IncidentRecord acknowledge(@PathParam("id") String id) {
        readable(id);
        try {
            return service.acknowledge(id)
                    .map(Incident::toRecord)
                    .orElseThrow(() -> Problems.notFound("no active incident " + id));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve by hand; Alertmanager is told the alert ended")
    public IncidentRecord resolve(@PathParam("id") String id) {
        readable(id);
        try {
            return service.resolve(id)
                    .map(Incident::toRecord)
                    .orElseThrow(() -> Problems.notFound("no active incident " + id));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }
}
