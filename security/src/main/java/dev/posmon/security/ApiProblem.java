package dev.posmon.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every error answer of every posmon service in the RFC 9457 problem shape ({@code application/problem+json}:
 * {@code status}, {@code title}, {@code detail}, and members of its own, such as {@code field}, the query parameter or
 * body property a 400 is about), whatever the request accepted. Thrown anywhere in a request; JAX-RS answers the
 * response it carries. {@link SecurityProblems} answers refusals (401, 403) through the same builder, so a client reads
 * one shape from all three services. The body is written here as a string, so it stays JSON where the endpoint produces
 * HTML or CSV.
 */
public class ApiProblem extends WebApplicationException {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ApiProblem(Response.Status status, String detail) {
        this(status.getStatusCode(), status.getReasonPhrase(), detail, Map.of());
    }

    /** @param extra members of the problem besides status, title and detail, in their order */
    public ApiProblem(int status, String title, String detail, Map<String, Object> extra) {
        this(response(Response.status(status), status, title, detail, extra), detail);
    }

    private ApiProblem(Response response, String detail) {
        super(detail, response);
    }

    /**
     * 400 naming the offending field (a query parameter or a property of the body) in the {@code field} member; the
     * detail starts with it: {@code {"status":400,"title":"Bad Request","detail":"since: …","field":"since"}}.
     */
    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(400, "Bad Request", field + ": " + detail, Map.of("field", field));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(Response.Status.NOT_FOUND, detail);
    }

    /** A problem with {@code Retry-After} (429, 503), the seconds also in the {@code retryAfterSeconds} member. */
    public static ApiProblem retryAfter(Response.Status status, String detail, long seconds) {
        return new ApiProblem(
                response(
                        Response.status(status).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)),
                        status.getStatusCode(),
                        status.getReasonPhrase(),
                        detail,
                        Map.of("retryAfterSeconds", seconds)),
                detail);
    }

    /** The problem as a response, for an exception mapper. */
    public static Response response(int status, String title, String detail, Map<String, Object> extra) {
        return response(Response.status(status), status, title, detail, extra);
    }

    /** The problem on a response under way (headers set by the caller, such as {@code WWW-Authenticate}). */
    public static Response response(
            Response.ResponseBuilder response, int status, String title, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        body.putAll(extra);
        try {
            return response.type(MEDIA_TYPE)
                    .entity(JSON.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body that does not write as JSON: " + body, e);
        }
    }
}
