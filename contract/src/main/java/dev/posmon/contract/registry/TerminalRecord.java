package dev.posmon.contract.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A terminal's reference data, upserted through ingest's registry API and carried on the compacted
 * {@code terminal.registry.v1}, keyed by terminalId. Schema: {@code schemas/terminal-record.schema.json}.
 *
 * @param regionCode     6-digit GB/T 2260 division code of the terminal's place
 * @param hostId         the home acquirer host the terminal signs on to
 * @param networkProfile which response-code table applies: CUP, ISO87, POSTILION or an acquirer's own
 * @param timezone       IANA zone of the shop, for local-time questions such as opening hours
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalRecord(
        String terminalId,
        String merchantId,
        String regionCode,
        String model,
        String vendor,
        String hostId,
        String acquirer,
        String networkProfile,
        String timezone,
        MerchantStatus merchantStatus) {

    public enum MerchantStatus {
        ACTIVE,
        FROZEN,
        CLOSED
    }

    /** The province of {@link #regionCode}, written as the province's own 6-digit code. */
    public String province() {
        return RegionCode.province(regionCode);
    }

    public TerminalRecord withTerminalId(String id) {
        return new TerminalRecord(
                id, merchantId, regionCode, model, vendor, hostId, acquirer, networkProfile, timezone, merchantStatus);
    }
}
