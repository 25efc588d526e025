package dev.posmon.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void textASpreadsheetWouldTakeForAFormulaIsNeutralisedNumbersAndPlainTextAreNot() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList("=HYPERLINK(\"http://evil\",\"x\")", "+1", -0.25, 3L));
        rows.add(Arrays.asList("-2+3", "@SUM(A1:A9)", 0.5, null));
        rows.add(Arrays.asList("\tP2000", "\r=1", -7, 0));
        rows.add(Arrays.asList("P2000", "FW-7.4 = stable", "", "a,b \"quoted\""));
        String csv = ReportCsv.write(new ReportCsv.Table(List.of("model", "firmware", "change", "note"), rows));

        List<List<String>> read = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class)
                .readValues(csv)) {
            it.forEachRemaining(read::add);
        }
        assertThat(read.get(0)).containsExactly("model", "firmware", "change", "note");
        assertThat(read.get(1)).containsExactly("'=HYPERLINK(\"http://evil\",\"x\")", "'+1", "-0.25", "3");
        assertThat(read.get(2)).containsExactly("'-2+3", "'@SUM(A1:A9)", "0.5", "");
        assertThat(read.get(3)).containsExactly("'\tP2000", "'\r=1", "-7", "0");
        assertThat(read.get(4))
                .as("text that only contains an operator, and quoting, untouched")
                .containsExactly("P2000", "FW-7.4 = stable", "", "a,b \"quoted\"");
    }
}
