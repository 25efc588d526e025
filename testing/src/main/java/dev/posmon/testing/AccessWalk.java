package dev.posmon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks a running service's OpenAPI document and calls every operation without a credential and with a credential of
 * each role the operation does not admit: every one must be refused (401, 403) in the problem shape. The admitted
 * roles are the ones the document lists for the operation's bearer scheme, which Quarkus takes from its
 * {@code @RolesAllowed}; an operation that lists none must be one of the public paths. So a new endpoint that forgets
 * its annotation fails the walk (and, with deny-unannotated-endpoints, answers nobody).
 */
public final class AccessWalk {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    /** One operation of the document and the roles it admits. */
    public record Operation(String method, String path, Set<String> roles, String bodyType) {}

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AccessWalk(URI base) {
        this.base = base;
    }

    /** Every operation of the service's OpenAPI document ({@code /q/openapi}). */
    public List<Operation> operations() throws IOException, InterruptedException {
        HttpResponse<String> document = http.send(
                HttpRequest.newBuilder(base.resolve("/q/openapi?format=json"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (document.statusCode() != 200) {
            throw new IllegalStateException("GET /q/openapi answered " + document.statusCode());
        }
        JsonNode paths = ContractJson.mapper().readTree(document.body()).path("paths");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    Set<String> roles = new TreeSet<>();
                    operation
                            .path("security")
                            .forEach(requirement -> requirement
                                    .fields()
                                    .forEachRemaining(
                                            scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
                    Iterator<String> bodyTypes =
                            operation.path("requestBody").path("content").fieldNames();
                    operations.add(new Operation(
                            method.toUpperCase(), path.getKey(), roles, bodyTypes.hasNext() ? bodyTypes.next() : null));
                }
            }
        }
        return operations;
    }

    /**
     * What is wrong with the service's access control: an operation that admits no role and is not public, one that
     * answers a call without a credential other than 401, or a call with a credential of a role it does not admit other
     * than 403. Empty when every operation refuses whom it should.
     *
     * @param tokenByRole one bearer token of each role the service knows
     * @param publicPaths path prefixes that are open to everyone by design (published schemas)
     */
    public List<String> violations(Map<String, String> tokenByRole, Set<String> publicPaths)
            throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        for (Operation operation : operations()) {
            String name = operation.method() + " " + operation.path();
            if (operation.roles().isEmpty()) {
                if (publicPaths.stream().noneMatch(operation.path()::startsWith)) {
                    violations.add(name + " admits no role and is not public");
                }
                continue;
            }
            check(violations, name + " without a credential", call(operation, null), 401);
            for (Map.Entry<String, String> credential : tokenByRole.entrySet()) {
                if (!operation.roles().contains(credential.getKey())) {
                    check(violations, name + " as " + credential.getKey(), call(operation, credential.getValue()), 403);
                }
            }
        }
        return violations;
    }

    private static void check(List<String> violations, String call, HttpResponse<String> answer, int expected) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (answer.statusCode() != expected || !type.startsWith("application/problem+json")) {
            violations.add(call + " answered " + answer.statusCode() + " " + type + " (expected a " + expected
                    + " problem): " + answer.body());
        }
    }

    private HttpResponse<String> call(Operation operation, String token) throws IOException, InterruptedException {
        String path = operation.path().replaceAll("\\{[^}]+}", "access-walk");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (operation.bodyType() == null) {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            // a body of the declared type, so that the refusal is about the credential and not the media type
            request.header("Content-Type", operation.bodyType())
                    .method(
                            operation.method(),
                            HttpRequest.BodyPublishers.ofString(
                                    operation.bodyType().contains("json") ? "{}" : ""));
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
