package dev.posmon.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Fleet FLEET = Fleet.generate(100_000, 42, 0.002, 0.002);
    private static final ObjectMapper JSON =
            ContractJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private static <K> Map<K, Double> shares(Function<Terminal, K> by) {
        return FLEET.terminals().stream()
                .collect(Collectors.groupingBy(
                        by, Collectors.collectingAndThen(Collectors.counting(), n -> n / (double) FLEET.size())));
    }

    @Test
    void provincesFollowTheirWeights() {
        Map<String, Double> provinces = shares(Terminal::province);
        assertThat(provinces).hasSize(Catalog.PROVINCES.values().size());
        for (Catalog.Province province : Catalog.PROVINCES.values()) {
            // merchants (1 to 4 terminals) are drawn by weight, so the share is noisier than per terminal
            assertThat(provinces.get(province.code()))
                    .as(province.name())
                    .isCloseTo(Catalog.PROVINCES.share(province), within(0.01));
        }
        assertThat(provinces.get("440000")).isGreaterThan(provinces.get("110000") * 2);
    }

    @Test
    void hostsCarriersAndModelsFollowTheirWeights() {
        shares(Terminal::host)
                .forEach((host, share) -> assertThat(share)
                        .as(host)
                        .isCloseTo(Catalog.HOSTS.share(Catalog.hostsById().get(host)), within(0.01)));
        Map<String, Double> carriers = FLEET.terminals().stream()
                .filter(Terminal::mobile)
                .collect(Collectors.groupingBy(
                        Terminal::carrier,
                        Collectors.collectingAndThen(
                                Collectors.counting(),
                                n -> n
                                        / (double) FLEET.terminals().stream()
                                                .filter(Terminal::mobile)
                                                .count())));
        assertThat(carriers.get("CMCC")).isCloseTo(0.55, within(0.01));
        assertThat(shares(t -> t.record().model()).get("A920")).isCloseTo(0.30, within(0.01));
        assertThat(shares(Terminal::networkType).keySet()).hasSize(6);
    }

    @Test
    void everyRecordIsValidForTheRegistryAndTerminalsOfAMerchantShareShopAndHost() throws Exception {
        for (Terminal terminal : FLEET.terminals().subList(0, 2_000)) {
            assertThat(ContractSchema.TERMINAL_RECORD.validate(JSON.valueToTree(terminal.record())))
                    .as(terminal.id())
                    .isEmpty();
            assertThat(ContractRules.check(terminal.record())).isEmpty();
        }
        Map<String, Long> hostsPerMerchant = FLEET.terminals().stream()
                .collect(Collectors.groupingBy(
                        t -> t.record().merchantId(),
                        Collectors.mapping(Terminal::host, Collectors.collectingAndThen(Collectors.toSet(), s ->
                                (long) s.size()))));
        assertThat(hostsPerMerchant.values()).containsOnly(1L);
        assertThat(FLEET.byId("SIM-T0012345").index()).isEqualTo(12_345);
    }

    @Test
    void aFewMerchantsAreFrozenAndAFewTerminalsChronicallyFaulty() {
        double frozen = FLEET.terminals().stream()
                        .filter(t -> t.record().merchantStatus() == MerchantStatus.FROZEN)
                        .count()
                / (double) FLEET.size();
        double chronic =
                FLEET.terminals().stream().filter(t -> t.chronic() != null).count() / (double) FLEET.size();
        assertThat(frozen).isBetween(0.0005, 0.005);
        assertThat(chronic).isCloseTo(0.002, within(0.001));
    }

    @Test
    void shopsOpenInTheLocalMorning() {
        assertThat(FLEET.terminals())
                .allSatisfy(t -> assertThat(t.openingMinute()).isBetween(390, 660));
        double nineish = FLEET.terminals().stream()
                        .filter(t -> Math.abs(t.openingMinute() - 540) <= 40)
                        .count()
                / (double) FLEET.size();
        assertThat(nineish).isGreaterThan(0.6);
    }

    @Test
    void theSameSeedGivesTheSameFleetAndAnotherSeedAnother() {
        Fleet again = Fleet.generate(100_000, 42, 0.002, 0.002);
        assertThat(again.terminals()).isEqualTo(FLEET.terminals());
        assertThat(Fleet.generate(1_000, 43, 0.002, 0.002).terminals())
                .isNotEqualTo(FLEET.terminals().subList(0, 1_000));
    }
}
