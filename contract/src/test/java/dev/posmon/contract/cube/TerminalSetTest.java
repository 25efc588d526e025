package dev.posmon.contract.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.json.ContractJson;
import org.junit.jupiter.api.Test;

class TerminalSetTest {

    private static final long A = TerminalSet.hash("T-1");
    private static final long B = TerminalSet.hash("T-2");
    private static final long C = TerminalSet.hash("T-3");

    @Test
    void the_hash_of_an_id_is_stable_and_differs_between_ids() {
        assertThat(TerminalSet.hash("T-1")).isEqualTo(A);
        assertThat(A).isNotEqualTo(B);
    }

    @Test
    void union_and_difference_are_exact_and_ignore_repeats() {
        TerminalSet ab = TerminalSet.ofHashes(A, B, A);
        TerminalSet bc = TerminalSet.ofHashes(C, B);

        assertThat(ab.size()).isEqualTo(2);
        assertThat(ab.union(bc)).isEqualTo(TerminalSet.ofHashes(A, B, C));
        assertThat(ab.union(bc).minus(bc)).isEqualTo(TerminalSet.ofHashes(A));
        assertThat(ab.minus(TerminalSet.EMPTY)).isSameAs(ab);
        assertThat(ab.contains(C)).isFalse();
    }

    @Test
    void travels_as_one_base64_string_inside_a_cube_cell() throws Exception {
        TerminalSet set = TerminalSet.ofHashes(A, B);
        String json = ContractJson.mapper().writeValueAsString(set);

        assertThat(json).startsWith("\"").doesNotContain(",");
        assertThat(ContractJson.mapper().readValue(json, TerminalSet.class)).isEqualTo(set);
        assertThat(TerminalSet.fromBase64("")).isEqualTo(TerminalSet.EMPTY);
        assertThatThrownBy(() -> TerminalSet.fromBase64("AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
