package dev.posmon.simulator.fleet;

import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.simulator.behaviour.Fault;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fleet of terminals drawn from the {@link Catalog} with a seeded random source: the same seed and size
 * give the same fleet. Merchants own one to four terminals; a share of merchants are frozen; shops open
 * between 06:30 and 11:00 local time, most around 09:00; a small share of terminals has a chronic fault.
 */
public final class Fleet {

    private final List<Terminal> terminals;
    /** Terminals by the UTC minute of the day at which their shop opens. */
    private final List<List<Terminal>> openingAt = new ArrayList<>(1440);

    private Fleet(List<Terminal> terminals) {
        this.terminals = List.copyOf(terminals);
        for (int m = 0; m < 1440; m++) {
            openingAt.add(new ArrayList<>());
        }
        for (Terminal terminal : terminals) {
            openingAt
                    .get(Math.floorMod(terminal.openingMinute() - terminal.utcOffsetMinutes(), 1440))
                    .add(terminal);
        }
    }

    /**
     * @param chronicShare share of terminals with a chronic fault (a dead card reader, a terminal nobody
     *                     registered, a lost key, a broken app install, an operator who forgot the password)
     * @param frozenShare  share of merchants whose account is frozen
     */
    public static Fleet generate(int size, long seed, double chronicShare, double frozenShare) {
        if (size < 1 || size > 10_000_000) {
            throw new IllegalArgumentException("fleet size must be between 1 and 10,000,000: " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Terminal> terminals = new ArrayList<>(size);
        int merchant = 0;
        int left = 0;
        MerchantStatus status = MerchantStatus.ACTIVE;
        Catalog.Province province = null;
        String region = null;
        Catalog.Host host = null;
        int openingMinute = 0;
        Fault[] chronicFaults = {Fault.HARDWARE, Fault.NOT_REGISTERED, Fault.KEY_MAC, Fault.SOFTWARE, Fault.OPERATOR};
        for (int i = 0; i < size; i++) {
            if (left == 0) {
                // a new merchant: its terminals share shop, host and opening time
                merchant++;
                left = 1 + (random.nextInt(10) < 7 ? 0 : random.nextInt(4));
                status = random.nextDouble() < frozenShare ? MerchantStatus.FROZEN : MerchantStatus.ACTIVE;
                province = Catalog.PROVINCES.pick(random);
                region =
                        province.regions().get(random.nextInt(province.regions().size()));
                host = Catalog.HOSTS.pick(random);
                openingMinute = (int) Math.round(Math.max(390, Math.min(660, 540 + random.nextGaussian() * 40)));
            }
            left--;
            Catalog.Model model = Catalog.MODELS.pick(random);
            NetworkType networkType = Catalog.NETWORK_TYPES.pick(random);
            boolean mobile = networkType != NetworkType.ETHERNET && networkType != NetworkType.WIFI;
            String carrier = mobile ? Catalog.CARRIERS.pick(random) : null;
            int signal =
                    mobile ? -65 - random.nextInt(40) : networkType == NetworkType.WIFI ? -45 - random.nextInt(30) : 0;
            Fault chronic =
                    random.nextDouble() < chronicShare ? chronicFaults[random.nextInt(chronicFaults.length)] : null;
            TerminalRecord record = new TerminalRecord(
                    String.format("SIM-T%07d", i),
                    String.format("SIM-M%07d", merchant),
                    region,
                    model.name(),
                    model.vendor(),
                    host.id(),
                    host.acquirer(),
                    host.networkProfile(),
                    province.timezone(),
                    status);
            int offset = ZoneId.of(province.timezone())
                            .getRules()
                            .getOffset(Instant.EPOCH)
                            .getTotalSeconds()
                    / 60;
            terminals.add(new Terminal(
                    i,
                    record,
                    networkType,
                    carrier,
                    signal,
                    model.firmware().pick(random),
                    Catalog.APP_VERSIONS.pick(random),
                    openingMinute,
                    offset,
                    chronic));
        }
        return new Fleet(terminals);
    }

    public List<Terminal> terminals() {
        return terminals;
    }

    public int size() {
        return terminals.size();
    }

    public Terminal get(int index) {
        return terminals.get(index);
    }

    /** A terminal by its id ({@code SIM-T} and its index). */
    public Terminal byId(String terminalId) {
        return terminals.get(Integer.parseInt(terminalId.substring(5)));
    }

    /** The terminals whose shop opens at this UTC minute of the day. */
    public List<Terminal> openingAt(long utcMinuteOfDay) {
        return openingAt.get((int) Math.floorMod(utcMinuteOfDay, 1440L));
    }
}
