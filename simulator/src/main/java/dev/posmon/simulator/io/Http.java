package dev.posmon.simulator.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.json.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK HTTP client with a bearer token and the contract's JSON (without null members, as terminals post it). */
final class Http {

    static final ObjectMapper JSON =
            ContractJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    private static final int ATTEMPTS = 8;

    /** HTTP/1.1, as terminals and gateways post (no h2c upgrade attempt on the first request of a connection). */
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /**
     * Sends; retries (with the server's Retry-After, else a second) on 429, 503 and connection errors; fails on any
     * other 4xx/5xx.
     */
    HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body) {
        HttpResponse<String> response = exchange(method, path, token, contentType, body);
        int status = response.statusCode();
        if (status >= 400 && status != 422) {
            throw new IllegalStateException(
                    method + " " + base.resolve(path) + " answered " + status + ": " + response.body());
        }
        return response;
    }

    /** Sends and returns whatever the server answers, retrying only on 429, 503 and connection errors. */
    HttpResponse<String> exchange(String method, String path, String token, String contentType, byte[] body) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            long waitMs = 1000;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status != 429 && status != 503) {
                    return response;
                }
                waitMs = response.headers()
                        .firstValue("Retry-After")
                        .map(s -> Long.parseLong(s.trim()) * 1000)
                        .orElse(1000L);
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException(
                            method + " " + path + " still answers " + status + " after " + ATTEMPTS + " attempts");
                }
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    throw new UncheckedIOException(
                            method + " " + base.resolve(path) + " failed " + ATTEMPTS + " times", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(waitMs);
        }
    }

    /**
     * Posts once and returns the status alone, the answer's body discarded: for load generators, which count what
     * the server refused (a retry would hide it) and must not spend their time reading answers.
     */
    int postOnce(String path, String token, String contentType, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + base.resolve(path) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonNode json(String method, String path, String token, Object body) {
        try {
            byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
            return JSON.readTree(
                    send(method, path, token, "application/json", bytes).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
