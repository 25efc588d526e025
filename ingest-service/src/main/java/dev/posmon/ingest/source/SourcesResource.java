package dev.posmon.ingest.source;

import dev.posmon.contract.api.Paging;
import dev.posmon.contract.source.IngestSource;
import dev.posmon.ingest.auth.PagedList;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.IssuedTokens;
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
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for ingest credentials. The API key is returned once, at creation, and never again. */
@Path("/v1/sources")
@Tag(name = "sources", description = "Ingest credentials (admin)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SourcesResource {

    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

    private final SourceStore store;
    private final Clock clock;

    public SourcesResource(SourceStore store, Clock clock) {
        this.clock = clock;
        this.store = store;
    }

    /** What the admin sends to create a credential. */
    public record NewSource(String name, String acquirer, Integer eventsPerSecond) {}

    /** The one answer that shows the API key. */
    public record CreatedSource(String id, String apiKey, String name, String acquirer, Integer eventsPerSecond) {}

    /** A credential as listed: never the key, nor its hash. */
    public record SourceView(
            String id, String name, String acquirer, Integer eventsPerSecond, String createdAt, String revokedAt) {
        static SourceView of(IngestSource source) {
            return new SourceView(
                    source.id(),
                    source.name(),
                    source.acquirer(),
                    source.eventsPerSecond(),
                    String.valueOf(source.createdAt()),
                    source.revokedAt() == null ? null : source.revokedAt().toString());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an ingest credential bound to an acquirer; the apiKey is in this answer only")
    public Response create(NewSource request) {
        if (request == null) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "body must be {\"name\": …, \"acquirer\": …}");
        }
        require("name", request.name(), "[\\x20-\\x7E]{1,100}", "1-100 printable characters");
        require(
                "acquirer",
                request.acquirer(),
                ID_PATTERN,
                "an identifier of 1-64 letters, digits, '.', '_', ':' or '-'");
        if (request.eventsPerSecond() != null
                && (request.eventsPerSecond() < 1 || request.eventsPerSecond() > 1_000_000)) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "eventsPerSecond: must be between 1 and 1000000");
        }
        String apiKey = IssuedTokens.generate(IssuedTokens.SOURCE_PREFIX);
        IngestSource source = new IngestSource(
                "src-" + UUID.randomUUID(),
                request.name(),
                request.acquirer(),
                IssuedTokens.sha256(apiKey),
                clock.instant(),
                request.eventsPerSecond(),
                null);
        store.save(source);
        return Response.created(URI.create("/v1/sources/" + source.id()))
                .entity(new CreatedSource(
                        source.id(), apiKey, source.name(), source.acquirer(), source.eventsPerSecond()))
                .build();
    }

    @GET
    @Operation(
            summary =
                    "List ingest credentials (without keys), oldest first; at most limit (default 100, at most 1000) a page, "
                            + "and a Link header (rel=\"next\") to the next page while more follow")
    @APIResponse(
            responseCode = "200",
            description = "a page of credentials; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more credentials follow"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SourceView.class)))
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        return PagedList.of(
                store.all(),
                limit,
                cursor,
                uri,
                source -> new Paging.Cursor(source.createdAt(), source.id()),
                SourceView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an ingest credential; its key authenticates nothing from then on")
    public SourceView revoke(@PathParam("id") String id) {
        IngestSource source =
                store.byId(id).orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "no credential " + id));
        if (!source.revoked()) {
            source = source.revoke(clock.instant());
            store.save(source);
        }
        return SourceView.of(source);
    }

    private static void require(String field, String value, String pattern, String expected) {
        if (value == null || !value.matches(pattern)) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, field + ": must be " + expected);
        }
    }
}
