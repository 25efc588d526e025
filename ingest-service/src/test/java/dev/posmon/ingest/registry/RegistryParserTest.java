package dev.posmon.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.ingest.registry.RegistryParser.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryParserTest {

    private static final String HEADER =
            "terminalId,merchantId,regionCode,model,vendor,hostId,acquirer,networkProfile,timezone,merchantStatus\n";

    @Test
    void readsCsvWithHeaderAndQuotedValues() throws Exception {
        List<Parsed> parsed = RegistryParser.csv(HEADER
                + "T1,M1,440305,P2000,\"Acme, Inc\",H1,ACQ-A,CUP,Asia/Shanghai,ACTIVE\n"
                + "T2,M2,110101,P2000,Acme,H2,ACQ-A,POSTILION,Asia/Shanghai,FROZEN\n");
        assertThat(parsed).allMatch(Parsed::valid);
        assertThat(parsed.get(0).terminal().vendor()).isEqualTo("Acme, Inc");
        assertThat(parsed.get(0).terminal().province()).isEqualTo("440000");
        assertThat(parsed.get(1).terminal().merchantStatus()).isEqualTo(MerchantStatus.FROZEN);
    }

    @Test
    void reportsTheLineAndFieldOfABadCsvRow() throws Exception {
        List<Parsed> parsed = RegistryParser.csv(HEADER
                + "T1,M1,440305,P2000,Acme,H1,ACQ-A,CUP,Asia/Shanghai,ACTIVE\n"
                + "T2,M2,ABC,P2000,Acme,H2,ACQ-A,CUP,Asia/Shanghai,ACTIVE\n");
        assertThat(parsed.get(0).valid()).isTrue();
        assertThat(parsed.get(1).valid()).isFalse();
        assertThat(parsed.get(1).line()).isEqualTo(3);
        assertThat(parsed.get(1).violations()).extracting(v -> v.field()).containsExactly("regionCode");
    }

    @Test
    void readsJsonLinesAndSkipsBlankOnes() throws Exception {
        List<Parsed> parsed = RegistryParser.jsonLines("""
                {"terminalId":"T1","merchantId":"M1","regionCode":"440305","model":"P2000","vendor":"Acme","hostId":"H1","acquirer":"ACQ-A","networkProfile":"CUP","timezone":"Asia/Shanghai","merchantStatus":"ACTIVE"}

                {"terminalId":"T2",
                {"terminalId":"T3","merchantId":"M1","regionCode":"440305","model":"P2000","vendor":"Acme","hostId":"H1","acquirer":"ACQ-A","networkProfile":"CUP","timezone":"Mars/Olympus","merchantStatus":"ACTIVE"}
                """);
        assertThat(parsed).hasSize(3);
        assertThat(parsed.get(0).valid()).isTrue();
        assertThat(parsed.get(1).line()).isEqualTo(3);
        assertThat(parsed.get(1).violations().get(0).reason()).startsWith("not valid JSON");
        assertThat(parsed.get(2).violations()).extracting(v -> v.field()).containsExactly("timezone");
    }

    @Test
    void rejectsUnknownFieldsAndMissingOnes() {
        Parsed parsed = RegistryParser.parse(
                1,
                dev.posmon.contract.json.ContractJson.mapper()
                        .createObjectNode()
                        .put("terminalId", "T1")
                        .put("colour", "red"));
        assertThat(parsed.violations())
                .extracting(v -> v.field())
                .contains("colour", "merchantId", "regionCode", "timezone");
    }
}
