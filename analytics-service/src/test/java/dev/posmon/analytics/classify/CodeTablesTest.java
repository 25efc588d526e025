package dev.posmon.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.classify.Cause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeTablesTest {

    @Test
    void shipsCupIso87AndPostilionWithVersions() {
        CodeTables tables = CodeTables.load(Optional.empty());
        assertThat(tables.all()).containsOnlyKeys("CUP", "ISO87", "POSTILION");
        assertThat(tables.all().values())
                .allSatisfy(table -> assertThat(table.version()).isNotBlank());
    }

    @Test
    void anUnknownProfileFallsBackToIso87() {
        assertThat(CodeTables.load(Optional.empty()).forProfile("BANK_X").profile())
                .isEqualTo("ISO87");
    }

    @Test
    void anOverrideDirectoryReplacesATableAndAddsAnAcquirersOwn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cup.json"), """
                {"profile":"CUP","version":"local-1","description":"patched","codes":{"91":{"cause":"HOST_ROUTING","meaning":"local meaning"}}}""");
        Files.writeString(dir.resolve("bank-x.json"), """
                {"profile":"BANK_X","version":"1","description":"acquirer X","codes":{"N7":{"cause":"KEY_MAC","meaning":"bad key"}}}""");
        CodeTables tables = CodeTables.load(Optional.of(dir));
        assertThat(tables.forProfile("CUP").version()).isEqualTo("local-1");
        assertThat(tables.forProfile("CUP").lookup("91"))
                .get()
                .extracting(CodeTable.Entry::cause)
                .isEqualTo(Cause.HOST_ROUTING);
        assertThat(tables.forProfile("CUP").lookup("A0"))
                .as("replaced whole, not merged")
                .isEmpty();
        assertThat(tables.forProfile("BANK_X").lookup("N7"))
                .get()
                .extracting(CodeTable.Entry::cause)
                .isEqualTo(Cause.KEY_MAC);
    }
}
