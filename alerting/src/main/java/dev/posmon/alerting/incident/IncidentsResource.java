package dev.posmon.alerting.incident;

import static dev.posmon.alerting.store.Blocking.await;

import dev.posmon.alerting.api.Problems;
import dev.posmon.alerting.pipeline.AlertingConfig;
import dev.posmon.alerting.pipeline.AlertingService;
import dev.posmon.alerting.store.IncidentEntity;
import dev.posmon.alerting.store.IncidentMapping;
import dev.posmon.alerting.store.Repositories;
import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.incident.IncidentRecord;
import dev.posmon.security.AcquirerScope;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
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

    static final String TEXT_CSV = "text/csv";

    private final Repositories.Incidents incidents;
    private final AlertingService service;
    private final SecurityIdentity caller;
    private final AffectedTerminals affected;
    private final Clock clock;
    private final Language defaultLanguage;

    public IncidentsResource(
            Repositories.Incidents incidents,
            AlertingService service,
            SecurityIdentity caller,
            DataSource dataSource,
            Clock clock,
            AlertingConfig config) {
        this.incidents = incidents;
        this.service = service;
        this.caller = caller;
        this.affected = new AffectedTerminals(dataSource::getConnection);
        this.clock = clock;
        this.defaultLanguage = Language.of(config.language()).orElse(Language.ZH_CN);
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN})
    @Operation(
            summary = "Incidents, newest first, each action in lang= or Accept-Language (else the installation's "
                    + "language); filter by status (OPEN, ACKNOWLEDGED, RESOLVED), "
                    + "kind (e.g. HOST_OUTAGE) and since (RFC 3339: incidents active at or after it); "
                    + "at most limit (default 100, at most 1000) a page, and a Link header (rel=\"next\") to "
                    + "the next page while more follow; a value that does not read is a 400 problem naming "
                    + "the parameter. A credential bound to acquirers lists only the incidents that hit one "
                    + "of them")
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
            @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Context UriInfo uri) {
        IncidentFilter filter;
        Paging.Request page;
        Language language = language(lang, acceptLanguage);
        try {
            filter = IncidentFilter.parse(status, kind, since);
            page = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<IncidentEntity> rows = Paging.Page.ofFetched(
                await(() -> Panache.withSession(() -> incidents.search(filter, page, AcquirerScope.of(caller)))),
                page,
                row -> new Paging.Cursor(row.onset, row.id));
        Response.ResponseBuilder answer = Response.ok(rows.items().stream()
                .map(IncidentMapping::toIncident)
                .map(incident -> seen(incident, language))
                .toList());
        if (rows.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), page, rows.next()));
        }
        return answer.header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN})
    @Operation(summary = "One incident; 403 for a credential bound to acquirers it did not hit")
    public IncidentRecord get(
            @PathParam("id") String id,
            @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return seen(readable(id), language(lang, acceptLanguage));
    }

    /** The incident as the caller may see it ({@link AffectedTerminals#asSeenBy}). */
    private IncidentRecord seen(Incident incident, Language language) {
        try {
            return affected.asSeenBy(incident.toRecord(language), AcquirerScope.of(caller), clock.instant());
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    /**
     * The language of a reader's incident actions: {@code lang=}, else Accept-Language, else the installation's (the one
     * pages carry); a {@code lang} posmon has no texts in is a 400.
     */
    private Language language(String lang, String acceptLanguage) {
        try {
            return Language.choose(lang, acceptLanguage, defaultLanguage);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
    }

    @GET
    @Path("/{id}/terminals")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @Operation(
            summary = "The terminals an incident hit, for the support desk to tell their merchants",
            description = "Every terminal whose failure began in the incident's scope from 10 minutes before its onset"
                    + " until its resolution (and that the incident counted, while its terminal set is exact): merchant,"
                    + " acquirer, province (code and name), city (GB/T 2260 code and name: city, cityName, after"
                    + " provinceName; absent for a failure recorded before transitions carried the region, UNKNOWN for an"
                    + " unregistered terminal), names in lang= or Accept-Language,"
                    + " host, carrier, model, firmware, app version, first failure, last cause, "
                    + "where it stands now (FAILING, STUCK, RECOVERED) and since when. Oldest first; "
                    + "limit (default 100, at most 1000) a page and a Link header (rel=\"next\"); JSON, "
                    + "or CSV by Accept: text/csv or format=csv. A credential bound to acquirers reads only "
                    + "incidents that hit them (403) and only their terminals.")
    @APIResponse(
            responseCode = "200",
            description = "a page of terminals; the Link header points at the next one",
            headers = @Header(name = "Link", description = "<…?cursor=…>; rel=\"next\" while more terminals follow"))
    public Response terminals(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("format") String format,
            @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Context UriInfo uri) {
        Paging.Request page;
        Language language = language(lang, acceptLanguage);
        try {
            page = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        boolean csv;
        if (format == null) {
            csv = accept != null && accept.contains(TEXT_CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        } else if (format.equals("csv") || format.equals("json")) {
            csv = format.equals("csv");
        } else {
            throw ApiProblem.badRequest("format", "expected json or csv, got '" + format + "'");
        }
        Incident incident = readable(id);
        Paging.Page<AffectedTerminals.Terminal> rows;
        try {
            rows = affected.page(incident.toRecord(), AcquirerScope.of(caller), page, clock.instant());
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
        List<Map<String, Object>> items = rows.items().stream()
                .map(t -> AffectedTerminals.json(t, language))
                .toList();
        Response.ResponseBuilder answer = csv
                ? Response.ok(AffectedTerminals.csv(items), MediaType.valueOf(TEXT_CSV + ";charset=UTF-8"))
                        .header("Content-Disposition", "inline; filename=\"posmon-" + id + "-terminals.csv\"")
                : Response.ok(items, MediaType.APPLICATION_JSON_TYPE);
        if (rows.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), page, rows.next()));
        }
        return answer.header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT + ", " + HttpHeaders.ACCEPT_LANGUAGE)
                .build();
    }

    /**
     * The incident, if the caller may see it: 404 when there is none, 403 when the caller's credential is bound to
     * acquirers and it hit none of them.
     */
    private Incident readable(String id) {
        var row = await(() -> Panache.withSession(() -> incidents.findById(id)));
        if (row == null) {
            throw ApiProblem.notFound("no incident " + id);
        }
        Incident incident = IncidentMapping.toIncident(row);
        AcquirerScope.of(caller).check(AcquirerScope.of(caller).overlaps(incident.acquirers()));
        return incident;
    }

    /**
     * The incident, if the caller may change it: {@link #readable}, and every acquirer it hit is the caller's (one
     * tenant's operator does not acknowledge or resolve what also pages another).
     */
    private void changeable(String id) {
        Incident incident = readable(id);
        AcquirerScope.of(caller).checkCovers(incident.acquirers());
    }

    @POST
    @Path("/{id}/ack")
    @Operation(
            summary =
                    "Acknowledge: someone is on it; it stays active and keeps firing until resolved. A credential bound"
                            + " to acquirers may not acknowledge an incident that also hit other acquirers (403)")
    public IncidentRecord acknowledge(@PathParam("id") String id) {
        changeable(id);
        try {
            return service.acknowledge(id)
                    .map(incident -> seen(incident, defaultLanguage))
                    .orElseThrow(() -> ApiProblem.notFound("no active incident " + id));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(
            summary = "Resolve by hand; Alertmanager is told the alert ended. A credential bound to acquirers may not"
                    + " resolve an incident that also hit other acquirers (403): it would end their pages too")
    public IncidentRecord resolve(@PathParam("id") String id) {
        changeable(id);
        try {
            return service.resolve(id)
                    .map(incident -> seen(incident, defaultLanguage))
                    .orElseThrow(() -> ApiProblem.notFound("no active incident " + id));
        } catch (SQLException e) {
            throw Problems.databaseUnavailable(e);
        }
    }
}
