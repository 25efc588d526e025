package dev.posmon.alerting.incident;

import dev.posmon.alerting.api.ApiAuth;
import dev.posmon.alerting.api.Problems;
import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.IncidentEntity;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.Repositories;
import static dev.posmon.alerting.store.Blocking.await;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Incidents: list, read, acknowledge, resolve (operator or admin token). The JSON is the contract's
 * {@code IncidentRecord}. Declares the API's two bearer schemes for OpenAPI.
 */
@Path("/v1/incidents")
@Tag(name = "incidents")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = ApiAuth.OPERATOR_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The operator token (POSMON_OPERATOR_TOKEN): read incidents, acknowledge and resolve them, list maintenance windows, "
                + "read reports. On an admin endpoint it is answered 403.")
@SecurityScheme(securitySchemeName = ApiAuth.ADMIN_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token (POSMON_ADMIN_TOKEN): every endpoint, and alone may declare and cancel maintenance windows.")
@SecurityRequirement(name = ApiAuth.OPERATOR_SCHEME)
@SecurityRequirement(name = ApiAuth.ADMIN_SCHEME)
public class IncidentsResource {

    private final ApiAuth auth;
    private final Repositories.Incidents incidents;
    private final AlertingService service;

    public IncidentsResource(ApiAuth auth, Repositories.Incidents incidents, AlertingService service) {
        this.auth = auth;
        this.incidents = incidents;
        this.service = service;
    }

    @GET
    @Operation(summary = "Incidents, newest first; filter by status (OPEN, ACKNOWLEDGED, RESOLVED), kind (e.g. HOST_OUTAGE) and since "
            + "(RFC 3339: incidents active at or after it); at most limit (default 100, at most 1000) a page, and a Link header "
            + "(rel=\"next\") to the next page while more follow; a value that does not read is a 400 problem naming the parameter")
    @APIResponse(responseCode = "200", description = "a page of incidents; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more incidents follow"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = IncidentRecord.class)))
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("status") String status,
                         @QueryParam("kind") String kind, @QueryParam("since") String since,
                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        auth.requireOperator(authorization);
        IncidentFilter filter;
        Paging.Request page;
        try {
            filter = IncidentFilter.parse(status, kind, since);
            page = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw Problems.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<IncidentEntity> rows = Paging.Page.ofFetched(await(() -> Panache.withSession(() -> incidents.search(filter, page))), page,
                row -> new Paging.Cursor(row.onset, row.id));
        Response.ResponseBuilder answer = Response.ok(rows.items().stream().map(IncidentMapping::toIncident).map(Incident::toRecord).toList());
        if (rows.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), page, rows.next()));
        }
        return answer.build();
    }

    @GET
    @Path("/{id}")
    public IncidentRecord get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.requireOperator(authorization);
        var row = await(() -> Panache.withSession(() -> incidents.findById(id)));
        if (row == null) {
            throw Problems.notFound("no incident " + id);
        }
        return IncidentMapping.toIncident(row).toRecord();
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge: someone is on it; it stays active and keeps firing until resolved")
    public IncidentRecord acknowledge(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.requireOperator(authorization);
        try {
            return service.acknowledge(id).map(Incident::toRecord).orElseThrow(() -> Problems.notFound("no active incident " + id));
        } catch (java.sql.SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve by hand; Alertmanager is told the alert ended")
    public IncidentRecord resolve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.requireOperator(authorization);
        try {
            return service.resolve(id).map(Incident::toRecord).orElseThrow(() -> Problems.notFound("no active incident " + id));
        } catch (java.sql.SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

}
