package dev.posmon.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the benchmarks rely on when they post through the shared client: one attempt per batch, NDJSON imports. */
class IngestClientTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger eventsStatus = new AtomicInteger(200);
    private final AtomicInteger importRejected = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"accepted\":1,\"rejected\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(eventsStatus.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/v1/terminals:import", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            long lines = body.lines().count();
            byte[] answer = ("{\"imported\":" + (lines - importRejected.get()) + ",\"rejected\":" + importRejected.get()
                            + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private IngestClient client() {
        return new IngestClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "admin");
    }

    @Test
    void anEncodedBatchIsPostedOnceAsItIsAndItsStatusReturnedEvenWhenIngestIsBusy() {
        byte[] batch = "[{\"eventId\":\"x\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(client().postEncoded("pk_key", batch)).isEqualTo(200);
        eventsStatus.set(503);
        assertThat(client().postEncoded("pk_key", batch)).isEqualTo(503);
        assertThat(requests)
                .containsExactly("Bearer pk_key [{\"eventId\":\"x\"}]", "Bearer pk_key [{\"eventId\":\"x\"}]");
    }

    @Test
    void terminalsAreImportedAsNdjsonInChunksAndAnyRejectionFails() {
        List<TerminalRecord> fleet = IntStream.range(0, IngestClient.IMPORT_CHUNK + 1)
                .mapToObj(i -> new TerminalRecord(
                        "T" + i,
                        "M" + i,
                        "440305",
                        "P2000",
                        "Acme",
                        "H1",
                        "ACQ-1",
                        "CUP",
                        "Asia/Shanghai",
                        MerchantStatus.ACTIVE))
                .toList();
        client().importTerminals("admin", fleet);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("application/x-ndjson {\"terminalId\":\"T0\"");
        assertThat(requests.get(1).lines()).hasSize(1);

        importRejected.set(1);
        assertThatThrownBy(() -> client().importTerminals("admin", fleet.subList(0, 3)))
                .hasMessageContaining("did not import every terminal");
    }
}
