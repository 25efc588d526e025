package dev.posmon.alerting.incident;

import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.Repositories;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
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
    public List<IncidentView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("status") String status,
                                   @QueryParam("kind") String kind, @QueryParam("since") String since) {
        auth.require(authorization);
        Instant from = since == null ? null : Instant.parse(since);
        return await(() -> Panache.withSession(() -> incidents.search(status, kind, from))).stream()
                .map(IncidentMapping::toIncident).map(IncidentView::of).toList();
    }

    @GET
    @Path("/{id}")
    public IncidentView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        var row = await(() -> Panache.withSession(() -> incidents.findById(id)));
        if (row == null) {
            throw new NotFoundException("no incident " + id);
        }
        return IncidentView.of(IncidentMapping.toIncident(row));
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge: someone is on it; it stays active and keeps firing until resolved")
    public IncidentView acknowledge(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        return service.acknowledge(id).map(IncidentView::of).orElseThrow(() -> new NotFoundException("no active incident " + id));
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve by hand; Alertmanager is told the alert ended")
    public IncidentView resolve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        return service.resolve(id).map(IncidentView::of).orElseThrow(() -> new NotFoundException("no active incident " + id));
    }

    /** The incident as the API, the webhook and {@code incidents.v1} show it. */
    public record IncidentView(String id, String kind, String status, java.util.Map<String, String> scope, Instant onset, Instant detectedAt,
                               Instant resolvedAt, long affectedTerminals, long failures, java.util.Map<String, Long> evidence, String action,
                               int reopened, List<java.util.Map<String, String>> absorbed) {
        static IncidentView of(Incident i) {
            return new IncidentView(i.id(), i.kind().name(), i.status().name(), i.scope(), i.onset(), i.detectedAt(), i.resolvedAt(),
                    i.affectedTerminals(), i.failures(), i.evidence(), i.action(), i.reopened(), i.absorbed());
        }
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
