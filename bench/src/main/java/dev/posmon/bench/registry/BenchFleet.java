package dev.posmon.bench.registry;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.util.Random;

/**
 * A realistic registry record for the i-th terminal of a benchmark fleet of any size, made on demand (never the
 * whole fleet in memory, unlike the simulator's {@code Fleet}) with ids new to every run: 10-character
 * terminal ids unique to the run, 15-digit merchant ids (three terminals a merchant), and the small sets of
 * regions, models, vendors, hosts, acquirers, profiles and zones a real fleet has.
 */
public final class BenchFleet {

    private static final String[] REGIONS = {
        "440305", "440304", "440106", "310101", "310115", "110105", "110108", "330106", "320106", "510107", "420106",
        "610113", "350203", "370202", "210202", "500103", "430104", "120101", "650102", "530102"
    };
    private static final String[] MODELS = {"P2000", "P2100", "A920", "A930", "S90", "N910", "V200T", "X990"};
    private static final String[] VENDORS = {"Acme", "PAX", "Newland", "Verifone", "Centerm"};
    private static final String[] PROFILES = {"CUP", "CUP", "CUP", "ISO87", "POSTILION"};
    private static final int HOSTS = 24;
    private static final int ACQUIRERS = 6;

    private final String run;

    /** @param run three characters that make this run's terminal ids its own */
    public BenchFleet(String run) {
        this.run = run;
    }

    /** A fleet whose terminal ids are new to this run: three letters of base 36 drawn at random. */
    public static BenchFleet forNewRun() {
        String tag = Long.toString(36L * 36 * 36 + new Random().nextInt(36 * 36 * 35), 36)
                .toUpperCase();
        return new BenchFleet(tag.substring(tag.length() - 3));
    }

    /** The acquirer host the i-th terminal signs on to, as registered. */
    public String hostId(int i) {
        return "HOST-" + (i % HOSTS);
    }

    public String terminalId(int i) {
        return run + String.format("%07d", i);
    }

    /** The i-th terminal's registry record, the same on every call. */
    public TerminalRecord record(int i) {
        String region = REGIONS[i % REGIONS.length];
        return new TerminalRecord(
                terminalId(i),
                "898" + region.substring(0, 4) + String.format("%08d", i / 3),
                region,
                MODELS[(i / 7) % MODELS.length],
                VENDORS[(i / 11) % VENDORS.length],
                hostId(i),
                "ACQ-" + (i % ACQUIRERS),
                PROFILES[i % PROFILES.length],
                region.startsWith("65") ? "Asia/Urumqi" : "Asia/Shanghai",
                i % 97 == 0 ? MerchantStatus.FROZEN : MerchantStatus.ACTIVE);
    }
}
