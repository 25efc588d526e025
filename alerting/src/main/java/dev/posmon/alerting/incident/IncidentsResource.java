package dev.posmon.alerting.incident;

import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.Repositories;
import static dev.posmon.alerting.store.Blocking.await;
import dev.posmon.contract.incident.IncidentRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Incidents: list, read, acknowledge, resolve. The JSON is DESIGN.md section 4's incident. */
@Path("/v1/incidents")
@Tag(name = "incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentsResource {

    private final AdminAuth auth;
    private final Repositories.Incidents incidents;
    private final AlertingService service;

    public IncidentsResource(AdminAuth auth, Repositories.Incidents incidents, AlertingService service) {
        this.auth = auth;
        this.incidents = incidents;
        this.service = service;
    }

    @GET
    @Operation(summary = "Incidents, newest first; filter by status (OPEN, ACKNOWLEDGED, RESOLVED), kind, and since (RFC 3339)")
    public List<IncidentRecord> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("status") String status,
                                   @QueryParam("kind") String kind, @QueryParam("since") String since) {
        auth.require(authorization);
        Instant from = since == null ? null : Instant.parse(since);
        return await(() -> Panache.withSession(() -> incidents.search(status, kind, from))).stream()
                .map(IncidentMapping::toIncident).map(Incident::toRecord).toList();
    }

    @GET
    @Path("/{id}")
    public IncidentRecord get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        var row = await(() -> Panache.withSession(() -> incidents.findById(id)));
        if (row == null) {
            throw new NotFoundException("no incident " + id);
        }
        return IncidentMapping.toIncident(row).toRecord();
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge: someone is on it; it stays active and keeps firing until resolved")
    public IncidentRecord acknowledge(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        return service.acknowledge(id).map(Incident::toRecord).orElseThrow(() -> new NotFoundException("no active incident " + id));
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve by hand; Alertmanager is told the alert ended")
    public IncidentRecord resolve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        return service.resolve(id).map(Incident::toRecord).orElseThrow(() -> new NotFoundException("no active incident " + id));
    }

}
