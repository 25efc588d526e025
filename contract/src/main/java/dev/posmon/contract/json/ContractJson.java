package dev.posmon.contract.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.time.Instant;

/**
 * The one JSON configuration of the contract: ISO-8601 instants, no nulls written (the schemas have no
 * nullable fields: an absent optional field is absent, not null), unknown fields refused. UTC instants are read
 * by {@link UtcInstantDeserializer}, every other form by jsr310's own.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = configured(JsonMapper.builder())
            .addModule(new SimpleModule("posmon-utc-instants")
                    .addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .build();
    /** Instants as epoch milliseconds: parsing ISO text was a tenth of analytics' time (a state holds a dozen). */
    private static final ObjectMapper SMILE = configured(SmileMapper.builder())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .build();

    private ContractJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The same configuration in Smile, Jackson's binary JSON, with instants as epoch milliseconds: for state
     * stores, where only posmon reads it back (at millisecond precision).
     */
    public static ObjectMapper smileMapper() {
        return SMILE;
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configured(B builder) {
        return builder.addModule(new JavaTimeModule())
                .addModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
