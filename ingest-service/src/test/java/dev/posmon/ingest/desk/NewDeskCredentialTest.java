package dev.posmon.ingest.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.api.InvalidParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NewDeskCredentialTest {

    @Test
    void aValidRequestKeepsItsAcquirersInOrderWithoutRepeats() {
        NewDeskCredential checked =
                new NewDeskCredential("ACQ-B 客服", "support", List.of("ACQ-B", "ACQ-A", "ACQ-B")).checked();
        assertThat(checked.acquirers()).containsExactly("ACQ-B", "ACQ-A");
        assertThat(checked.name()).isEqualTo("ACQ-B 客服");
        assertThat(new NewDeskCredential("x".repeat(100), "operator", List.of("A".repeat(64)))
                        .checked()
                        .role())
                .isEqualTo("operator");
    }

    static Stream<Arguments> refusals() {
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "ACQ-" + i).toList();
        return Stream.of(
                Arguments.of("no name", new NewDeskCredential(null, "support", List.of("A")), "name"),
                Arguments.of("a blank name", new NewDeskCredential("  ", "support", List.of("A")), "name"),
                Arguments.of(
                        "a name of 101 characters",
                        new NewDeskCredential("x".repeat(101), "support", List.of("A")),
                        "name"),
                Arguments.of("a name with a newline", new NewDeskCredential("a\nb", "support", List.of("A")), "name"),
                Arguments.of("no role", new NewDeskCredential("n", null, List.of("A")), "role"),
                Arguments.of("role admin", new NewDeskCredential("n", "admin", List.of("A")), "role"),
                Arguments.of("role source", new NewDeskCredential("n", "source", List.of("A")), "role"),
                Arguments.of("no acquirers", new NewDeskCredential("n", "support", null), "acquirers"),
                Arguments.of("an empty acquirer list", new NewDeskCredential("n", "support", List.of()), "acquirers"),
                Arguments.of("a blank acquirer", new NewDeskCredential("n", "support", List.of("A", " ")), "acquirers"),
                Arguments.of(
                        "a null acquirer",
                        new NewDeskCredential("n", "support", new ArrayList<>(Arrays.asList("A", null))),
                        "acquirers"),
                Arguments.of(
                        "an acquirer of 65 characters",
                        new NewDeskCredential("n", "support", List.of("A".repeat(65))),
                        "acquirers"),
                Arguments.of("101 acquirers", new NewDeskCredential("n", "support", tooMany), "acquirers"));
    }

    @ParameterizedTest(name = "refuses {0}, naming {2}")
    @MethodSource("refusals")
    void refusesNamingTheField(String what, NewDeskCredential request, String field) {
        assertThatThrownBy(request::checked)
                .isInstanceOfSatisfying(
                        InvalidParameter.class, e -> assertThat(e.parameter()).isEqualTo(field))
                .hasMessageStartingWith(field + ":");
    }
}
