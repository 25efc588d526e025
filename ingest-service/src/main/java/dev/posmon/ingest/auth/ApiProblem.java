package dev.posmon.ingest.auth;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer in the RFC 9457 problem shape ({@code status}, {@code title}, {@code detail}). Thrown
 * anywhere in a request; JAX-RS turns it into the response it carries. Refusals (401, 403 for a role) are
 * posmon-security's, in the same shape.
 */
public class ApiProblem extends WebApplicationException {

    public ApiProblem(Response.Status status, String detail) {
        this(status.getStatusCode(), status.getReasonPhrase(), detail, Map.of());
    }

    public ApiProblem(int status, String title, String detail, Map<String, Object> extra) {
        super(detail, build(status, title, detail, extra, null));
    }

    private ApiProblem(Response response, String detail) {
        super(detail, response);
    }

    /** A problem answer with a Retry-After header (429, 503). */
    public static ApiProblem retryAfter(Response.Status status, String detail, long seconds) {
        return new ApiProblem(
                build(
                        status.getStatusCode(),
                        status.getReasonPhrase(),
                        detail,
                        Map.of("retryAfterSeconds", seconds),
                        String.valueOf(seconds)),
                detail);
    }

    public static Response response(int status, String title, String detail, Map<String, Object> extra) {
        return build(status, title, detail, extra, null);
    }

    private static Response build(
            int status, String title, String detail, Map<String, Object> extra, String retryAfter) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        body.putAll(extra);
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.valueOf("application/problem+json"))
                .entity(body);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.build();
    }
}
