package dev.posmon.alerting.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a row's JSON to an HTTP receiver with the {@value IdempotencyKey#HEADER} header (and, for the webhook, the
 * key in the body too). An attempt is bounded as a whole by connect plus request timeout: the client's own request
 * timeout stops waiting for the response headers only, and a receiver that answers the headers and then stalls in
 * the body would hold the worker for ever.
 */
final class HttpSender implements ReceiverWorker.Sender {

    private final String url;
    private final boolean keyInBody;
    private final DeliverySettings settings;
    private final HttpClient http;

    /** @param url where to POST; null: the receiver is not configured and every attempt fails saying so */
    HttpSender(String url, boolean keyInBody, DeliverySettings settings) {
        this.url = url;
        this.keyInBody = keyInBody;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String send(OutboxStore.Row row, String idempotencyKey) throws InterruptedException {
        if (url == null) {
            return "no URL configured for receiver " + row.receiver();
        }
        String body = keyInBody ? IdempotencyKey.stampWebhook(row.payload(), idempotencyKey) : row.payload();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header(IdempotencyKey.HEADER, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response =
                    exchange.get(settings.longestAttempt().toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 != 2) {
                String answer = response.body();
                return "HTTP " + response.statusCode() + ": "
                        + (answer.length() > 500 ? answer.substring(0, 500) : answer);
            }
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return "timed out: no complete answer from " + url + " within " + settings.longestAttempt();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    static String alertmanagerUrl(String base) {
        return base.replaceAll("/+$", "") + "/api/v2/alerts";
    }
}
