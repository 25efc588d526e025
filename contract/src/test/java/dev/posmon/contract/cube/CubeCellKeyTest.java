package dev.posmon.contract.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CubeCellKeyTest {

    private static final String ALPHABET = "|%7C25aZ-.:_ 中|%|";

    @Test
    void keysOfOrdinaryValuesReadAsBefore() {
        assertThat(CubeCell.dimensionsKey("440000", "H1", "CMCC", "P2000", "FW-7.4", "3.4.1"))
                .isEqualTo("440000|H1|CMCC|P2000|FW-7.4|3.4.1");
        assertThat(CubeCell.dimensionsOf("440000|H1|CMCC|P2000|FW-7.4|3.4.1"))
                .containsExactly("440000", "H1", "CMCC", "P2000", "FW-7.4", "3.4.1");
    }

    @Test
    void aPipeOrAPercentSignInAValueKeepsTheKeyAtSixParts() {
        String key = CubeCell.dimensionsKey("440000", "H1", "CMCC", "P|2000", "FW%7C|7.4%25", "3|4");
        assertThat(key.split("\\|", -1)).hasSize(6);
        assertThat(CubeCell.dimensionsOf(key)).containsExactly("440000", "H1", "CMCC", "P|2000", "FW%7C|7.4%25", "3|4");
    }

    /** Any six values, drawn mostly from the characters that matter, come back from their key; different values, different keys. */
    @Test
    void anyValuesSurviveTheirKey() {
        Random random = new Random(2260);
        for (int n = 0; n < 20_000; n++) {
            String[] values = new String[CubeCell.DIMENSIONS.size()];
            for (int i = 0; i < values.length; i++) {
                StringBuilder value = new StringBuilder();
                for (int length = random.nextInt(6); length > 0; length--) {
                    value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                values[i] = value.toString();
            }
            String key = CubeCell.dimensionsKey(values[0], values[1], values[2], values[3], values[4], values[5]);
            assertThat(key.chars().filter(c -> c == '|').count()).as(key).isEqualTo(5);
            assertThat(CubeCell.dimensionsOf(key)).as(key).containsExactly(values);
            String[] other = values.clone();
            other[5] = other[5] + "|";
            assertThat(CubeCell.dimensionsKey(other[0], other[1], other[2], other[3], other[4], other[5]))
                    .isNotEqualTo(key);
        }
    }

    /**
     * The acquirer is the seventh part of a cell key, escaped like the dimensions; keys of before read with what they
     * did not hold UNKNOWN.
     */
    @Test
    void anyAcquirerSurvivesTheCellKeyAndKeysOfEarlierVersionsRead() {
        Random random = new Random(2261);
        for (int n = 0; n < 5_000; n++) {
            String[] values = new String[CubeCell.KEY_PARTS];
            for (int i = 0; i < values.length; i++) {
                StringBuilder value = new StringBuilder();
                for (int length = random.nextInt(6); length > 0; length--) {
                    value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                values[i] = value.toString();
            }
            String key = CubeCell.cellKey(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
            assertThat(CubeCell.cellKeyParts(key)).as(key).containsExactly(values);
        }
        assertThat(CubeCell.cellKeyParts("440000|H1|CMCC|P2000|FW-7.4"))
                .containsExactly("440000", "H1", "CMCC", "P2000", "FW-7.4", CubeCell.UNKNOWN, CubeCell.UNKNOWN);
        assertThat(CubeCell.cellKeyParts("440000|H1|CMCC|P2000|FW-7.4|ACQ-GD"))
                .containsExactly("440000", "H1", "CMCC", "P2000", "FW-7.4", CubeCell.UNKNOWN, "ACQ-GD");
        assertThatThrownBy(() -> CubeCell.cellKeyParts("440000|H1|CMCC|P2000"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> CubeCell.dimensionsOf("440000|H1|CMCC|P2000"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
