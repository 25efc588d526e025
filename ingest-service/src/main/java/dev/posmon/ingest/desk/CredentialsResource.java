package dev.posmon.ingest.desk;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.desk.DeskCredential;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.auth.PagedList;
import dev.posmon.ingest.kafka.Publisher;
import dev.posmon.ingest.kafka.Publisher.Outgoing;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.DeskCredentials;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for desk credentials: operator and support tokens bound to acquirers, recognised by every posmon service
 * (posmon-security's {@link DeskCredentials} follows the topic this writes). Ingest issues them because it already
 * issues and revokes credentials and writes their compacted topic. The token is returned once, at creation, and
 * stored only as its SHA-256.
 */
@Path("/v1/credentials")
@Tag(name = "credentials", description = "Operator and support credentials bound to acquirers (admin)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class CredentialsResource {

    private final DeskCredentials credentials;
    private final Publisher publisher;
    private final Clock clock;

    public CredentialsResource(DeskCredentials credentials, Publisher publisher, Clock clock) {
        this.credentials = credentials;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The one answer that shows the token. */
    public record IssuedCredential(
            String id, String name, String role, List<String> acquirers, Instant createdAt, String token) {}

    /** A credential as listed: never the token, nor its hash. */
    public record CredentialView(
            String id, String name, String role, List<String> acquirers, Instant createdAt, Instant revokedAt) {
        static CredentialView of(DeskCredential credential) {
            return new CredentialView(
                    credential.id(),
                    credential.name(),
                    credential.role(),
                    credential.acquirers(),
                    credential.createdAt(),
                    credential.revokedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Issue an operator or support credential bound to acquirers; the token is in this answer only",
            description =
                    "Body {name, role: operator|support, acquirers: [...]}. The token authenticates with that role in "
                            + "every posmon service and sees only data of those acquirers. 400 names the field.")
    @APIResponse(
            responseCode = "201",
            description = "issued; the token is shown once",
            content = @Content(schema = @Schema(implementation = IssuedCredential.class)))
    public Response issue(NewDeskCredential request) {
        if (request == null) {
            throw new ApiProblem(
                    Response.Status.BAD_REQUEST, "body must be {\"name\": …, \"role\": …, \"acquirers\": [ … ]}");
        }
        NewDeskCredential checked;
        try {
            checked = request.checked();
        } catch (InvalidParameter e) {
            throw invalid(e);
        }
        String token = IssuedTokens.generate(IssuedTokens.DESK_PREFIX);
        DeskCredential credential = new DeskCredential(
                "desk-" + UUID.randomUUID(),
                checked.name(),
                checked.role(),
                checked.acquirers(),
                IssuedTokens.sha256(token),
                clock.instant(),
                null);
        save(credential);
        return Response.created(URI.create("/v1/credentials/" + credential.id()))
                .entity(new IssuedCredential(
                        credential.id(),
                        credential.name(),
                        credential.role(),
                        credential.acquirers(),
                        credential.createdAt(),
                        token))
                .build();
    }

    @GET
    @Operation(
            summary =
                    "List desk credentials (without tokens), oldest first; at most limit (default 100, at most 1000) a page, "
                            + "and a Link header (rel=\"next\") to the next page while more follow")
    @APIResponse(
            responseCode = "200",
            description = "a page of credentials; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more credentials follow"),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = CredentialView.class)))
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        return PagedList.of(
                credentials.all(),
                limit,
                cursor,
                uri,
                credential -> new Paging.Cursor(credential.createdAt(), credential.id()),
                CredentialView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a desk credential (without its token)")
    public CredentialView get(@PathParam("id") String id) {
        return CredentialView.of(find(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            summary = "Revoke a desk credential; its token authenticates nothing from then on (again: the same answer)")
    public CredentialView revoke(@PathParam("id") String id) {
        DeskCredential credential = find(id);
        if (!credential.revoked()) {
            credential = credential.withRevokedAt(clock.instant());
            save(credential);
        }
        return CredentialView.of(credential);
    }

    private DeskCredential find(String id) {
        return credentials.byId(id).orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "no credential " + id));
    }

    /** Writes the credential to Kafka, waits for the acknowledgement, then makes it count here at once. */
    private void save(DeskCredential credential) {
        publisher.publishAll(List.of(Outgoing.of(Topics.DESK_CREDENTIALS, credential.id(), credential)));
        credentials.applyLocal(credential);
    }

    private static ApiProblem invalid(InvalidParameter e) {
        // the credential's messages name their field already
        return new ApiProblem(400, "Bad Request", e.getMessage(), Map.of("field", e.parameter()));
    }
}
