package dev.posmon.ingest.event;

import dev.posmon.security.ApiProblem;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publishes the contract's JSON Schema files, the same files validation uses, for callers and the OpenAPI document. */
@Path("/v1/schemas")
@Tag(name = "contract", description = "The wire contract as JSON Schema")
@PermitAll
public class SchemasResource {

    @GET
    @Path("/{file}")
    @Produces("application/schema+json")
    @Operation(
            summary =
                    "A contract schema, e.g. signon-attempt.schema.json, telemetry.schema.json, event-batch.schema.json")
    public Response schema(@PathParam("file") String file) throws IOException {
        if (!file.matches("[a-z-]+\\.schema\\.json")) {
            throw new ApiProblem(Response.Status.NOT_FOUND, "no schema " + file);
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("schemas/" + file)) {
            if (in == null) {
                throw new ApiProblem(Response.Status.NOT_FOUND, "no schema " + file);
            }
            return Response.ok(in.readAllBytes()).build();
        }
    }
}
