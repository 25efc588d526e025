package dev.posmon.contract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantDeserializerTest {

    /** jsr310 alone: what the contract's mapper decided before. */
    private static final ObjectMapper STANDARD =
            JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @Test
    void readsEveryUtcFormIngestWritesExactlyAsTheStandardParser() throws Exception {
        SplittableRandom random = new SplittableRandom(26);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 250_000_000_000L), 0);
            int digits = random.nextInt(10);
            int fraction = digits == 0 ? 0 : random.nextInt((int) Math.pow(10, digits));
            String text = instant.toString()
                    .replace("Z", digits == 0 ? "Z" : "." + String.format("%0" + digits + "d", fraction) + "Z");
            Instant expected = Instant.parse(text);
            assertThat(UtcInstantDeserializer.parseUtc(text)).as(text).isEqualTo(expected);
            assertThat(ContractJson.mapper().readValue('"' + text + '"', Instant.class))
                    .as(text)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26T16:00:00+08:00",
                "2026-11-26T08:00:00.5-03:30",
                "2026-11-26T08:00:00z",
                "2026-11-26T08:00Z",
                "2026-11-26T08:00:00.Z",
                "2026-11-26T08:00:00.1234567890Z",
                "+12026-11-26T08:00:00Z",
                "2026-11-26 08:00:00Z",
                "2026-11-26T24:00:00Z",
                "2026-12-31T23:59:60Z",
                "2026-02-30T08:00:00Z",
                "2026-11-26T08:0x:00Z",
                "2026-11-26T08:00:00"
            })
    void leavesEveryOtherFormToTheStandardParserWhichDecidesAsBefore(String text) throws Exception {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isNull();
        String json = '"' + text + '"';
        Instant standard;
        try {
            standard = STANDARD.readValue(json, Instant.class);
        } catch (JsonMappingException refused) {
            assertThatThrownBy(() -> ContractJson.mapper().readValue(json, Instant.class))
                    .isInstanceOf(JsonMappingException.class);
            return;
        }
        assertThat(ContractJson.mapper().readValue(json, Instant.class)).isEqualTo(standard);
    }

    @Test
    void numbersStillReadAsBefore() throws Exception {
        assertThat(ContractJson.mapper().readValue("1764144000.5", Instant.class))
                .isEqualTo(STANDARD.readValue("1764144000.5", Instant.class));
    }

    @Test
    void theContractMapperUsesIt() throws Exception {
        ObjectMapper mapper = ContractJson.mapper();
        JavaType instant = mapper.constructType(Instant.class);
        DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(instant)).isInstanceOf(UtcInstantDeserializer.class);
    }
}
