package dev.posmon.alerting.localize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalizeCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheRootCausesOfExportedCubesAsJson() throws Exception {
        StringBuilder current = new StringBuilder("province,host,carrier,attempts,failures\n");
        StringBuilder baseline = new StringBuilder("province,host,carrier,attempts,failures\n");
        for (String province : new String[] {"110000", "310000", "440000", "510000"}) {
            for (String host : new String[] {"H1", "H2", "H3"}) {
                for (String carrier : new String[] {"CMCC", "CUCC"}) {
                    boolean outage = host.equals("H3");
                    current.append(String.join(",", province, host, carrier, "200", outage ? "170" : "4"))
                            .append('\n');
                    baseline.append(String.join(",", province, host, carrier, "2000", "40"))
                            .append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("current.csv"), current);
        Files.writeString(dir.resolve("baseline.csv"), baseline);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = LocalizeCommand.run(
                dir.resolve("current.csv"), dir.resolve("baseline.csv"), new PrintStream(out), System.err);

        assertThat(status).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("rootCauses")).hasSize(1);
        assertThat(json.at("/rootCauses/0/host").asText()).isEqualTo("H3");
        assertThat(json.get("explainedShare").asDouble()).isGreaterThan(0.95);
    }

    @Test
    void aFileWithoutTheCountColumnsIsAClearError() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "province,host,count\n110000,H1,3\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                LocalizeCommand.run(dir.resolve("bad.csv"), dir.resolve("bad.csv"), System.out, new PrintStream(err));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("attempts and failures");
    }
}
