package dev.posmon.analytics.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.SignOnAttempt;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameCodesTest {

    /** A constant added to one of these enums goes at the end of its table, so that its entries stay short. */
    @Test
    void everyNameOfTheContractHasACode() {
        Map<NameCodes, Enum<?>[]> tables = Map.of(
                NameCodes.OUTCOMES, SignOnAttempt.Outcome.values(),
                NameCodes.STAGES, SignOnAttempt.Stage.values(),
                NameCodes.TRANSPORT_ERRORS, SignOnAttempt.TransportError.values(),
                NameCodes.LOCAL_ERRORS, SignOnAttempt.LocalError.values(),
                NameCodes.CAUSES, Cause.values());
        tables.forEach((codes, constants) -> Arrays.stream(constants)
                .forEach(constant -> assertThat(codes.has(constant.name()))
                        .as(constant.name())
                        .isTrue()));
    }

    @Test
    void aNameReadsBackInOneByteAndAnUnknownOneSpelled() {
        for (String name : new String[] {"SUCCESS", "FAILURE", null, "A_NAME_OF_A_LATER_VERSION"}) {
            BinaryOut out = new BinaryOut();
            NameCodes.OUTCOMES.write(out, name);
            byte[] bytes = out.toBytes();
            assertThat(NameCodes.OUTCOMES.read(new BinaryIn(bytes))).isEqualTo(name);
            if (NameCodes.OUTCOMES.has(name) || name == null) {
                assertThat(bytes).hasSize(1);
            }
        }
    }

    @Test
    void aCodeBeyondTheTableIsRefused() {
        assertThatThrownBy(() -> NameCodes.OUTCOMES.read(new BinaryIn(new byte[] {9})))
                .hasMessageContaining("name code 9");
    }
}
