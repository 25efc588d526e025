package dev.posmon.alerting.notify;

import com.sun.net.httpserver.HttpServer;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.Alertmanager;
import dev.posmon.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Receivers at fault for {@link HungReceiverIT}: a real Alertmanager behind a {@link HangingProxy} (alerting's
 * Alertmanager URL is the proxy's), and a webhook receiver that keeps every call with its headers and can refuse the
 * first call about an incident. Short timeouts and backoff, so that the test sees them act.
 */
public class NotifyFaultsResource implements QuarkusTestResourceLifecycleManager {

    /** One call the webhook received. */
    public record Call(String body, String idempotencyKey, int answered, Instant at) {}

    static final String REQUEST_TIMEOUT = "PT6S";
    static Alertmanager alertmanager;
    static HangingProxy proxy;
    static final List<Call> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();
    /** Incident ids whose first webhook call is refused with 503 (each id once). */
    static final Set<String> REFUSE_FIRST = ConcurrentHashMap.newKeySet();

    private static HttpServer webhook;

    @Override
    public Map<String, String> start() {
        alertmanager = Alertmanager.start();
        try {
            proxy = new HangingProxy(URI.create(alertmanager.url()).getPort());
            webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean refuse = REFUSE_FIRST.removeIf(body::contains);
            int status = refuse ? 503 : 204;
            WEBHOOK_CALLS.add(
                    new Call(body, exchange.getRequestHeaders().getFirst("Idempotency-Key"), status, Instant.now()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        String group = "posmon-alerting-faults-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestResource.startGroupAtEnd(group, List.of(Topics.SIGNON_CUBE.name(), Topics.TERMINAL_HEALTH.name()));
        return Map.of(
                "posmon.alerting.group-id",
                group,
                "posmon.notify.alertmanager-url",
                proxy.url(),
                "posmon.notify.webhook-url",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "posmon.notify.request-timeout",
                REQUEST_TIMEOUT,
                "posmon.notify.connect-timeout",
                "PT1S",
                "posmon.notify.claim-lease",
                "PT15S",
                "posmon.notify.poll-interval",
                "PT0.2S",
                "posmon.notify.initial-backoff",
                "PT0.5S",
                "posmon.notify.max-backoff",
                "PT2S");
    }

    @Override
    public void stop() {
        if (proxy != null) {
            try {
                proxy.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }
}
