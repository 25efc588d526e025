package dev.posmon.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.schema.Violation;
import dev.posmon.ingest.event.EventsResource.BatchResult;
import dev.posmon.ingest.event.EventsResource.EventResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-streamed answer of {@code POST /v1/events} is, byte for byte, what databind writes from the record. */
class BatchAnswerTest {

    private static final String[] ODD = {"", "\"", "\\", "\n", "é", "签到", "\u2028", "\u0000", "😀", "a\"b\\c"};

    @Test
    void everyAnswerIsWhatDatabindWrites() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        // as Quarkus makes the REST layer's mapper for ingest (no customizer): databind's defaults for these types
        ObjectMapper mapper = new ObjectMapper();
        BatchAnswer answers = new BatchAnswer(mapper);
        for (int run = 0; run < 5_000; run++) {
            BatchResult answer = answer(random);
            assertThat(answers.write(answer)).isEqualTo(mapper.writeValueAsBytes(answer));
        }
    }

    @Test
    void anEmptyBatchAndAnAllAcceptedOne() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BatchAnswer answers = new BatchAnswer(mapper);
        assertThat(new String(answers.write(new BatchResult(0, 0, List.of())), "UTF-8"))
                .isEqualTo("{\"accepted\":0,\"rejected\":0,\"results\":[]}");
        assertThat(new String(
                        answers.write(
                                new BatchResult(1, 0, List.of(new EventResult(0, "e-1", "ACCEPTED", null, null)))),
                        "UTF-8"))
                .isEqualTo("{\"accepted\":1,\"rejected\":0,\"results\":[{\"index\":0,\"eventId\":\"e-1\","
                        + "\"status\":\"ACCEPTED\"}]}");
    }

    private static BatchResult answer(SplittableRandom random) {
        int size = random.nextInt(12);
        List<EventResult> results = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < size; i++) {
            if (random.nextInt(3) > 0) {
                accepted++;
                results.add(new EventResult(i, UUID.randomUUID().toString(), "ACCEPTED", null, null));
            } else {
                List<Violation> errors = null;
                if (random.nextBoolean()) {
                    errors = new ArrayList<>();
                    for (int e = random.nextInt(3); e >= 0; e--) {
                        errors.add(new Violation(text(random), text(random)));
                    }
                }
                results.add(new EventResult(
                        i,
                        random.nextBoolean() ? null : text(random),
                        "REJECTED",
                        random.nextBoolean() ? "INVALID" : null,
                        errors));
            }
        }
        return new BatchResult(accepted, size - accepted, results);
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            text.append(random.nextBoolean() ? ODD[random.nextInt(ODD.length)] : "field" + random.nextInt(100));
        }
        return text.toString();
    }
}
