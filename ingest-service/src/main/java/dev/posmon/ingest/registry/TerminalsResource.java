package dev.posmon.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.schema.Violation;
import dev.posmon.ingest.auth.Caller;
import dev.posmon.ingest.registry.RegistryParser.Parsed;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The terminal registry: upsert one, import many, read one. The admin may write any terminal; an ingest
 * credential may write and read only terminals of its own acquirer.
 */
@Path("/v1")
@Tag(name = "registry", description = "Terminal reference data")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SOURCE, Roles.ADMIN})
public class TerminalsResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";

    private final SecurityIdentity identity;
    private final RegistryView registry;

    public TerminalsResource(SecurityIdentity identity, RegistryView registry) {
        this.identity = identity;
        this.registry = registry;
    }

    /** A line of an import that was not taken, and why. */
    public record LineError(int line, List<Violation> errors) {}

    /** The answer to an import: how many records went to the registry, and the lines that did not. */
    public record ImportResult(int imported, int rejected, List<LineError> errors) {}

    @PUT
    @Path("/terminals/{terminalId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a terminal's registry record")
    public TerminalRecord upsert(@PathParam("terminalId") String terminalId, JsonNode body) {
        Caller caller = Caller.of(identity);
        if (body != null && body.isObject() && !body.has("terminalId")) {
            ((ObjectNode) body).put("terminalId", terminalId);
        }
        Parsed parsed = RegistryParser.parse(1, body);
        if (!parsed.valid()) {
            throw invalid(parsed.violations());
        }
        TerminalRecord terminal = parsed.terminal();
        if (!terminal.terminalId().equals(terminalId)) {
            throw invalid(List.of(new Violation("terminalId", "differs from the path (" + terminalId + ")")));
        }
        authorize(caller, terminal);
        registry.upsert(List.of(terminal));
        return terminal;
    }

    @POST
    @Path("/terminals:import")
    @Consumes({NDJSON, CSV, MediaType.TEXT_PLAIN})
    @Operation(
            summary =
                    "Import registry records in bulk: JSON lines (application/x-ndjson) or CSV with a header row (text/csv)")
    public ImportResult importAll(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body)
            throws IOException {
        Caller caller = Caller.of(identity);
        String text = new String(body, StandardCharsets.UTF_8);
        List<Parsed> parsed = contentType != null && contentType.toLowerCase().startsWith(CSV)
                ? RegistryParser.csv(text)
                : RegistryParser.jsonLines(text);
        List<TerminalRecord> valid = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        for (Parsed line : parsed) {
            if (line.valid() && !mayWrite(caller, line.terminal())) {
                errors.add(new LineError(
                        line.line(),
                        List.of(new Violation(
                                "acquirer",
                                "this credential may only register terminals of acquirer "
                                        + caller.source().acquirer()))));
            } else if (line.valid()) {
                valid.add(line.terminal());
            } else {
                errors.add(new LineError(line.line(), line.violations()));
            }
        }
        registry.upsert(valid);
        return new ImportResult(valid.size(), errors.size(), errors);
    }

    @GET
    @Path("/terminals/{terminalId}")
    @Operation(summary = "Read a terminal's registry record")
    public TerminalRecord get(@PathParam("terminalId") String terminalId) {
        Caller caller = Caller.of(identity);
        TerminalRecord terminal = registry.find(terminalId)
                .orElseThrow(() ->
                        new ApiProblem(Response.Status.NOT_FOUND, "terminal " + terminalId + " is not registered"));
        authorize(caller, terminal);
        return terminal;
    }

    /** A credential may write a terminal of its acquirer, and may not take over one registered under another. */
    private boolean mayWrite(Caller caller, TerminalRecord terminal) {
        return caller.speaksFor(terminal.acquirer())
                && registry.acquirerOf(terminal.terminalId())
                        .map(caller::speaksFor)
                        .orElse(true);
    }

    private void authorize(Caller caller, TerminalRecord terminal) {
        if (!mayWrite(caller, terminal)) {
            throw new ApiProblem(
                    Response.Status.FORBIDDEN,
                    "terminal " + terminal.terminalId() + " belongs to another acquirer than "
                            + caller.source().acquirer());
        }
    }

    private static ApiProblem invalid(List<Violation> violations) {
        return new ApiProblem(
                422, "Unprocessable Content", "the registry record breaks the contract", Map.of("errors", violations));
    }
}
