package dev.posmon.alerting.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem answers ({@code application/problem+json}), whatever the request accepted: bad input names its
 * field, e.g. {@code {"status":400,"title":"Bad Request","detail":"since: ...","field":"since"}}.
 */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {}

    /** 400 naming the offending field (a query parameter or a property of the body); the detail starts with it. */
    public static WebApplicationException badRequest(String field, String detail) {
        return exception(Response.status(400), 400, "Bad Request", field + ": " + detail, field);
    }

    public static WebApplicationException notFound(String detail) {
        return exception(Response.status(404), 404, "Not Found", detail, null);
    }

    /** 503 with Retry-After: PostgreSQL did not answer; nothing was changed. */
    public static WebApplicationException databaseUnavailable(SQLException cause) {
        return exception(
                Response.status(503).header("Retry-After", "5"),
                503,
                "Service Unavailable",
                "the database did not answer (" + cause.getMessage() + "); nothing was changed, try again",
                null);
    }

    static WebApplicationException exception(
            Response.ResponseBuilder response, int status, String title, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        try {
            // written as a string: the answer is JSON even where the endpoint produces HTML or CSV
            return new WebApplicationException(
                    detail,
                    response.type("application/problem+json")
                            .entity(JSON.writeValueAsString(body))
                            .build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
