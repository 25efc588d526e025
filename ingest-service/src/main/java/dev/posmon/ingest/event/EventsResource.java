package dev.posmon.ingest.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import dev.posmon.contract.topic.Topics;
import dev.posmon.ingest.auth.Caller;
import dev.posmon.ingest.config.IngestConfig;
import dev.posmon.ingest.event.EventCheck.Accepted;
import dev.posmon.ingest.event.EventCheck.Rejected;
import dev.posmon.ingest.event.EventCheck.Verdict;
import dev.posmon.ingest.kafka.Publisher;
import dev.posmon.ingest.kafka.Publisher.Outgoing;
import dev.posmon.ingest.registry.RegistryView;
import dev.posmon.ingest.source.RateLimiter;
import dev.posmon.security.ApiProblem;
import dev.posmon.security.Roles;
import io.quarkus.arc.ClientProxy;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/events}: a batch of sign-on attempts and telemetry. Each event is answered on its own;
 * the valid ones are written to Kafka, and the answer comes only after Kafka acknowledged them.
 */
@Path("/v1/events")
@Tag(name = "events", description = "Sign-on attempts and telemetry from terminals")
public class EventsResource {

    /** The schema an event passed, on its record, so that analytics need not validate it again. */
    private static final List<Header> SIGNON_MARK =
            List.of(new RecordHeader(ContractSchema.VALIDATED_HEADER, ContractSchema.SIGNON_ATTEMPT.mark()));

    private static final List<Header> TELEMETRY_MARK =
            List.of(new RecordHeader(ContractSchema.VALIDATED_HEADER, ContractSchema.TELEMETRY.mark()));

    private final SecurityIdentity identity;
    private final RateLimiter rateLimiter;
    private final Publisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final EventCheck check;
    private final BatchAnswer answers;

    public EventsResource(
            SecurityIdentity identity,
            RateLimiter rateLimiter,
            Publisher publisher,
            RegistryView registry,
            IngestMetrics metrics,
            IngestConfig config,
            Clock clock,
            ObjectMapper mapper) {
        this.identity = identity;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.answers = new BatchAnswer(mapper);
        // the view itself, not its client proxy: a call through the proxy looks the bean up in its context every time,
        // 3 % of ingest's CPU with one lookup an event
        RegistryView view = ClientProxy.unwrap(registry);
        this.check =
                new EventCheck(clock, config.maxFuture(), config.maxAge(), config.dedupHorizon(), view::acquirerOf);
    }

    /** One event's answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventResult(int index, String eventId, String status, String reason, List<Violation> errors) {}

    /** The batch's answer: counts, and one result per posted event in order. */
    public record BatchResult(int accepted, int rejected, List<EventResult> results) {}

    @POST
    @RolesAllowed({Roles.SOURCE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Post a batch of sign-on attempts and telemetry",
            description = "200: all accepted. 207: some accepted, some rejected (each result says which and why). "
                    + "422: none accepted. 403: none accepted because the caller may not speak for those terminals. "
                    + "400: the body is not a JSON array. 413: too many bytes or events. 429: "
                    + "rate limit (Retry-After). 503: Kafka did not acknowledge; "
                    + "nothing of the batch is accepted, post it again after Retry-After.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(ref = "/v1/schemas/event-batch.schema.json")))
    @APIResponse(
            responseCode = "200",
            description = "every event accepted",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    public Response post(byte[] body) {
        long start = System.nanoTime();
        int status = 500;
        try {
            Response answer = answer(body);
            status = answer.getStatus();
            return answer;
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            throw e;
        } finally {
            metrics.request(status, System.nanoTime() - start);
        }
    }

    private Response answer(byte[] body) {
        Caller caller = Caller.of(identity);
        BatchJson.Batch batch = BatchJson.parse(body);
        if (batch.size() > config.maxEvents()) {
            throw new ApiProblem(
                    413,
                    "Content Too Large",
                    "a batch may carry at most " + config.maxEvents() + " events; this one has " + batch.size(),
                    Map.of());
        }
        rateLimiter.take(caller, batch.size());
        metrics.batch(batch.size());

        Optional<String> acquirer =
                caller.admin() ? Optional.empty() : Optional.of(caller.source().acquirer());
        List<EventResult> results = new ArrayList<>(batch.size());
        List<Outgoing> outgoing = new ArrayList<>(batch.size());
        List<Rejected> rejections = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Verdict verdict = batch.check(i, check, acquirer);
            if (verdict instanceof Accepted ok) {
                accepted.add(ok);
                boolean signOn = SignOnAttempt.TYPE.equals(ok.type());
                outgoing.add(new Outgoing(
                        signOn ? Topics.SIGNON_ATTEMPTS.name() : Topics.DEVICE_TELEMETRY.name(),
                        ok.terminalId().getBytes(StandardCharsets.UTF_8),
                        batch.bytes(i, ok),
                        signOn ? SIGNON_MARK : TELEMETRY_MARK));
                results.add(new EventResult(i, ok.eventId(), "ACCEPTED", null, null));
            } else {
                Rejected rejected = (Rejected) verdict;
                rejections.add(rejected);
                results.add(new EventResult(
                        i, rejected.eventId(), "REJECTED", rejected.reason().name(), rejected.errors()));
            }
        }
        try {
            publisher.publishAll(outgoing);
        } catch (Publisher.KafkaUnavailable e) {
            metrics.unavailable(accepted.size());
            throw ApiProblem.retryAfter(
                    Response.Status.SERVICE_UNAVAILABLE,
                    e.getMessage() + "; nothing of this batch was accepted, post it again",
                    config.retryAfterSeconds());
        }
        long signOns = accepted.stream()
                .filter(ok -> SignOnAttempt.TYPE.equals(ok.type()))
                .count();
        metrics.accepted(SignOnAttempt.TYPE, (int) signOns);
        metrics.accepted(Telemetry.TYPE, accepted.size() - (int) signOns);
        rejections.forEach(metrics::rejected);
        return Response.status(status(accepted.size(), rejections))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answers.write(new BatchResult(accepted.size(), rejections.size(), results)))
                .build();
    }

    private static int status(int accepted, List<Rejected> rejections) {
        if (rejections.isEmpty()) {
            return 200;
        }
        if (accepted > 0) {
            return 207;
        }
        return rejections.stream().allMatch(rejected -> rejected.reason().forbidden()) ? 403 : 422;
    }
}
