package dev.posmon.ingest.kafka;

import dev.posmon.ingest.config.IngestConfig;
import dev.posmon.security.ApiProblem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every write that Kafka did not acknowledge in time answers 503 with Retry-After: registry upserts and
 * imports, credentials and their revocation alike ({@code POST /v1/events} says so itself, with what of the
 * batch was not accepted). Nothing of such a request took effect as far as the caller is told; writing it
 * again is safe, since every one of these writes is an upsert by key.
 */
public class KafkaUnavailableMapper {

    private final IngestConfig config;

    public KafkaUnavailableMapper(IngestConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(Publisher.KafkaUnavailable e) {
        return ApiProblem.retryAfter(
                        Response.Status.SERVICE_UNAVAILABLE,
                        e.getMessage() + "; nothing was written, send it again",
                        config.retryAfterSeconds())
                .getResponse();
    }
}
