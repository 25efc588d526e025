package dev.posmon.alerting.api;

import dev.posmon.security.ApiProblem;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose path or query parameters hold a NUL character ({@code %00}) with a 400 naming the
 * parameter. PostgreSQL stores no NUL in text and refuses a statement that carries one, so without this an incident id
 * or a calendar name of {@code %00} would be an error of the database instead of the caller's.
 */
public class NulCharacters {

    @ServerRequestFilter
    public Response refuse(UriInfo uri) {
        String field = withNul(uri.getPathParameters());
        if (field == null) {
            field = withNul(uri.getQueryParameters());
        }
        return field == null
                ? null
                : ApiProblem.badRequest(field, "contains a NUL character").getResponse();
    }

    private static String withNul(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                return "query";
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }
}
