package dev.posmon.analytics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cell's written-out equality: equal exactly when the keys are, whichever of its seven values differs. */
class CubeKeysTest {

    static final List<String> VALUES = List.of("440000", "H1", "CMCC", "P2000", "FW-7.4", "3.4.1", "ACQ-A");

    @Test
    void cellsAreEqualExactlyWhenTheirKeysAre() {
        CubeKeys.Cell cell = cell(VALUES);
        CubeKeys.Cell same = cell(VALUES.stream().map(String::new).toList()); // equal strings, other instances
        assertThat(same).isEqualTo(cell).hasSameHashCodeAs(cell);
        assertThat(same.key()).isEqualTo(cell.key());

        Set<CubeKeys.Cell> cells = new HashSet<>(List.of(cell));
        Set<String> keys = new HashSet<>(List.of(cell.key()));
        for (int part = 0; part < VALUES.size(); part++) {
            List<String> values = new ArrayList<>(VALUES);
            values.set(part, values.get(part) + "x");
            CubeKeys.Cell other = cell(values);
            assertThat(other).as("cell differing in part %d", part).isNotEqualTo(cell);
            assertThat(cells.add(other)).isTrue();
            assertThat(keys.add(other.key())).isTrue();
        }
        // two values swapped: another cell, though the same strings
        CubeKeys.Cell swapped = cell(List.of("440000", "H1", "CMCC", "P2000", "3.4.1", "FW-7.4", "ACQ-A"));
        assertThat(swapped).isNotEqualTo(cell);
        assertThat(swapped.key()).isNotEqualTo(cell.key());
        assertThat(cell).isNotEqualTo(null).isNotEqualTo(cell.key());
    }

    private static CubeKeys.Cell cell(List<String> v) {
        return new CubeKeys.Cell(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6));
    }
}
