package dev.posmon.security;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A JSON body that does not read answers a 400 problem naming what is wrong, in {@link ApiProblem}'s shape, instead of
 * Quarkus' own answer (plain JSON or no body): a property of the wrong type or format ({@code "start": true},
 * {@code "start": "yesterday"}) names the property by its path ({@code field} {@code start}, {@code windows[2].end});
 * a body that is no JSON, or not the object expected, names {@code body}.
 */
public class BodyProblems {

    /** A property of the wrong type or format, or an object where an array was expected (Quarkus rethrows these). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    /**
     * A body that is no JSON: Quarkus' reader wraps the parse error in a 400 without a body. Every other
     * {@code WebApplicationException} (an {@link ApiProblem} among them) answers as it would without this mapper.
     */
    @ServerExceptionMapper
    public Response wrapped(WebApplicationException e) {
        if (e.getCause() instanceof JacksonException jackson
                && e.getResponse().getStatus() == 400
                && !e.getResponse().hasEntity()) {
            return unreadable(jackson);
        }
        return e.getResponse();
    }

    private static Response unreadable(JacksonException e) {
        String field = "body";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping);
        }
        String detail = e.getOriginalMessage();
        if (detail != null && detail.length() > 300) {
            detail = detail.substring(0, 300) + "…";
        }
        return ApiProblem.response(
                400,
                "Bad Request",
                field + ": " + (field.equals("body") ? "not the JSON expected: " : "not of the type expected: ")
                        + detail,
                Map.of("field", field));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
