package dev.posmon.analytics.diagnosis;

import dev.posmon.analytics.classify.CodeTables;
import dev.posmon.analytics.config.AnalyticsConfig;
import dev.posmon.analytics.terminal.TerminalEntry;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.analytics.topology.TopologyProducer;
import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.topic.Topics;
import dev.posmon.security.AcquirerScope;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.ConfiguredTokenResolver;
import dev.posmon.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/terminals/{id}/diagnosis}, answered from the Kafka Streams state stores (interactive
 * queries). A terminal's state lives on the instance that owns its partition: another instance forwards
 * the request there, once, with its own peer credential (never the caller's token).
 */
@Path("/v1/terminals/{terminalId}/diagnosis")
@Tag(name = "diagnosis", description = "Why can't terminal X sign on?")
public class DiagnosisResource {

    static final String FORWARDED = "X-Posmon-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ConfiguredTokenResolver tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Clock clock;
    private final Language defaultLanguage;
    private final CodeTables codeTables;
    private final SecurityIdentity caller;

    public DiagnosisResource(
            KafkaStreams streams,
            @ConfigProperty(name = "quarkus.kafka-streams.application-server") String applicationServer,
            ConfiguredTokenResolver tokens,
            Clock clock,
            AnalyticsConfig config,
            SecurityIdentity caller) {
        this.streams = streams;
        this.caller = caller;
        this.clock = clock;
        this.defaultLanguage = Language.of(config.defaultLanguage())
                .orElseThrow(() -> new IllegalStateException("posmon.analytics.default-language must be one of "
                        + Language.supported() + ", not " + config.defaultLanguage()));
        this.codeTables = CodeTables.load(config.codeTablesDir().map(Paths::get));
        this.self = HostInfo.buildFromEndpoint(applicationServer);
        this.tokens = tokens;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPPORT, Roles.ADMIN, Roles.PEER})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Why a terminal cannot sign on, and what the merchant and the support desk should do",
            description = "The advice and the names of the terminal's province, city and place (province, city: 广东省,"
                    + " 深圳市; place: 广东省深圳市 / Shenzhen, Guangdong, GB/T 2260) are in the language of lang= (zh-CN or"
                    + " en), else in the caller's preferred one of Accept-Language, else in"
                    + " posmon.analytics.default-language; field names and enum values stay the same in every language."
                    + " A credential bound to acquirers"
                    + " reads only the terminals registered under them: 403 for any other (and for a terminal"
                    + " not in the registry).")
    public Response diagnose(
            @PathParam("terminalId") String terminalId,
            @HeaderParam(FORWARDED) String forwarded,
            @Parameter(description = "zh-CN or en; overrides Accept-Language") @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Language language;
        try {
            language = Language.choose(lang, acceptLanguage, defaultLanguage);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        checkTenant(terminalId);
        KeyQueryMetadata owner = streams.queryMetadataForKey(
                TopologyProducer.TERMINALS_STORE, terminalId, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw unavailable("the state of " + terminalId + " is being moved between instances (rebalance)");
        }
        if (!ownedHere(owner)) {
            if (forwarded != null) {
                throw unavailable("instance " + self + " was asked by another instance but does not own " + terminalId
                        + " (rebalance)");
            }
            return forward(owner.activeHost(), terminalId, language);
        }
        try {
            TerminalEntry entry =
                    store(TopologyProducer.TERMINALS_STORE, TerminalEntry.class).get(terminalId);
            TerminalState state = entry == null ? null : entry.state();
            Telemetry telemetry = entry == null ? null : entry.latestTelemetry();
            TerminalRecord terminal =
                    store(TopologyProducer.REGISTRY_STORE, TerminalRecord.class).get(terminalId);
            Diagnosis diagnosis = Remedies.diagnose(
                    terminalId,
                    state,
                    terminal,
                    telemetry,
                    clock.instant(),
                    self.host() + ":" + self.port(),
                    language,
                    codeTables);
            int status = state == null && terminal == null ? 404 : 200;
            return Response.status(status)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                    .entity(diagnosis)
                    .build();
        } catch (InvalidStateStoreException e) {
            throw unavailable("the state stores are not queryable yet: " + e.getMessage());
        }
    }

    /**
     * Refuses (403) a caller bound to acquirers a terminal that is not registered under one of them. The registry is a
     * global store, on every instance: the check is made where the request arrives, before any forwarding, and the
     * refusal is the same for another tenant's terminal and for one that does not exist.
     */
    private void checkTenant(String terminalId) {
        AcquirerScope scope = AcquirerScope.of(caller);
        if (scope.all()) {
            return;
        }
        TerminalRecord terminal;
        try {
            terminal =
                    store(TopologyProducer.REGISTRY_STORE, TerminalRecord.class).get(terminalId);
        } catch (InvalidStateStoreException e) {
            throw unavailable("the registry is not queryable yet: " + e.getMessage());
        }
        scope.check(terminal != null && scope.permits(terminal.acquirer()));
    }

    /**
     * Whether this instance runs the active task of the key's partition. Asked of Streams itself rather than
     * by comparing host names, which differ when the advertised address is not the one bound (tests, NAT).
     */
    private boolean ownedHere(KeyQueryMetadata owner) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(partition -> partition.topic().equals(Topics.SIGNON_ATTEMPTS.name())
                        && partition.partition() == owner.partition());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** Asks the owner, in the language chosen here (the owner may have another default). */
    private Response forward(HostInfo owner, String terminalId, Language language) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/v1/terminals/"
                + URLEncoder.encode(terminalId, StandardCharsets.UTF_8).replace("+", "%20") + "/diagnosis?lang="
                + language.tag());
        try {
            HttpResponse<byte[]> answer = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .header(
                                    HttpHeaders.AUTHORIZATION,
                                    "Bearer " + tokens.peerToken().orElse(""))
                            .header(FORWARDED, self.host() + ":" + self.port())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return Response.status(answer.statusCode())
                    .type(answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON))
                    .header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                    .entity(answer.body())
                    .build();
        } catch (IOException e) {
            throw unavailable(
                    "the instance owning " + terminalId + " (" + owner + ") did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    /** 503 with Retry-After: the terminal's state is moving or its owner did not answer; asking again will do. */
    private static ApiProblem unavailable(String detail) {
        return ApiProblem.retryAfter(Response.Status.SERVICE_UNAVAILABLE, detail, 2);
    }
}
