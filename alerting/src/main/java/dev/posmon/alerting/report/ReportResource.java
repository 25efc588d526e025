package dev.posmon.alerting.report;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.i18n.Language;
import dev.posmon.security.AcquirerScope;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/reports/weekly?week=2026-W47}: the weekly reliability report as JSON, HTML or CSV by the Accept
 * header (or {@code format=json|html|csv}); CSV is every table in one file with a {@code table} column, or one
 * table by {@code table=}. Without {@code week}: the stored reports. A malformed week, or one that has not begun,
 * is a 400 problem naming the field. Reading reports is an operator's as well as an admin's. {@code acquirer=} asks
 * for one acquirer's report; a credential bound to acquirers reads only theirs (403 for another's and for the report of
 * all), and without {@code acquirer=} its one acquirer's.
 */
@Path("/v1/reports/weekly")
@Tag(name = "reports")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ReportResource {

    static final String TEXT_CSV = "text/csv";
    private static final List<String> OFFERED = List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, TEXT_CSV);

    /** The longest acquirer id (as the registry's). */
    static final int ACQUIRER_MAX = 64;

    private final ReportService reports;
    private final SecurityIdentity caller;

    public ReportResource(ReportService reports, SecurityIdentity caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, TEXT_CSV})
    @Operation(
            summary =
                    "The weekly reliability report of an ISO week (week=2026-W47) in the configured zone, as JSON, HTML or CSV "
                            + "(Accept, or format=json|html|csv; CSV: table=NAME for one table), in Chinese or English "
                            + "(lang=zh-CN|en, else Accept-Language, else posmon.report.language), of every acquirer or of one "
                            + "(acquirer=; a credential bound to acquirers may read only theirs, 403 otherwise); "
                            + "without week, the list of stored reports the caller may read")
    public Response weekly(
            @QueryParam("week") String week,
            @QueryParam("format") String format,
            @QueryParam("table") String table,
            @QueryParam("lang") String lang,
            @QueryParam("acquirer") String acquirer,
            @Context HttpHeaders headers) {
        AcquirerScope scope = AcquirerScope.of(caller);
        if (week == null) {
            return Response.ok(
                            reports.stored().stream()
                                    .filter(entry -> scope.all() || scope.permits(entry.acquirer()))
                                    .toList(),
                            MediaType.APPLICATION_JSON)
                    .build();
        }
        String of = acquirer(acquirer, scope);
        IsoWeek requested = parse(week);
        String type = negotiate(format, headers.getAcceptableMediaTypes());
        Language language;
        try {
            language = Language.choose(
                    lang, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), reports.defaultLanguage());
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        ReportService.Published published = reports.report(requested, language, of);
        Response.ResponseBuilder answer = switch (type) {
            case MediaType.TEXT_HTML -> Response.ok(published.html(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            case TEXT_CSV ->
                Response.ok(csv(published.report(), table), MediaType.valueOf(TEXT_CSV + ";charset=UTF-8"))
                        .header(
                                "Content-Disposition",
                                "inline; filename=\"posmon-report-" + requested + (table == null ? "" : "-" + table)
                                        + ".csv\"");
            default -> Response.ok(published.json(), MediaType.APPLICATION_JSON_TYPE);
        };
        return answer.header(HttpHeaders.VARY, HttpHeaders.ACCEPT + ", " + HttpHeaders.ACCEPT_LANGUAGE)
                .header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .build();
    }

    /**
     * The acquirer whose report is asked for: {@code acquirer=} if the caller may read it (403 if not); without it, the
     * report of all for an unbound caller and of its one acquirer for a bound one (a credential of several must say
     * which: 400).
     */
    private static String acquirer(String acquirer, AcquirerScope scope) {
        if (acquirer != null && (acquirer.isBlank() || acquirer.length() > ACQUIRER_MAX)) {
            throw ApiProblem.badRequest("acquirer", "an acquirer id is 1 to " + ACQUIRER_MAX + " characters");
        }
        if (acquirer != null) {
            scope.check(scope.permits(acquirer));
            return acquirer;
        }
        if (scope.all()) {
            return null;
        }
        if (scope.acquirers().size() == 1) {
            return scope.acquirers().iterator().next();
        }
        throw ApiProblem.badRequest(
                "acquirer",
                "this credential reads the reports of " + String.join(", ", new TreeSet<>(scope.acquirers()))
                        + ": say which with acquirer=");
    }

    private IsoWeek parse(String week) {
        IsoWeek requested;
        try {
            requested = IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("week", e.getMessage());
        }
        IsoWeek current = reports.currentWeek();
        if (requested.compareTo(current) > 0) {
            throw ApiProblem.badRequest(
                    "week",
                    requested + " has not begun yet in " + reports.zone() + " (the current week is " + current + ")");
        }
        return requested;
    }

    private static String negotiate(String format, List<MediaType> accepted) {
        if (format != null) {
            return switch (format) {
                case "json" -> MediaType.APPLICATION_JSON;
                case "html" -> MediaType.TEXT_HTML;
                case "csv" -> TEXT_CSV;
                default -> throw ApiProblem.badRequest("format", "expected json, html or csv, got '" + format + "'");
            };
        }
        for (MediaType acceptable : accepted) {
            Optional<String> offered = OFFERED.stream()
                    .filter(o -> acceptable.isCompatible(MediaType.valueOf(o)))
                    .findFirst();
            if (offered.isPresent()) {
                return offered.get();
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    private static String csv(WeeklyReport report, String table) {
        Map<String, ReportCsv.Table> tables = ReportCsv.tables(report);
        if (table == null) {
            return ReportCsv.write(ReportCsv.combined(tables));
        }
        if (!tables.containsKey(table)) {
            throw ApiProblem.badRequest(
                    "table", "no table '" + table + "'; the tables are " + String.join(", ", tables.keySet()));
        }
        return ReportCsv.write(tables.get(table));
    }
}
