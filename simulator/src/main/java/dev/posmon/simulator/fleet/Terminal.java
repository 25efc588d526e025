package dev.posmon.simulator.fleet;

import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.simulator.behaviour.Fault;

/**
 * One simulated terminal: its registry record and what the registry does not hold: its bearer and SIM,
 * firmware and app, when its shop opens (minute of the local day) and, for a few, a chronic fault.
 *
 * @param openingMinute minute of the local day at which the shop opens and the terminal signs on
 * @param utcOffsetMinutes its zone's offset (China keeps no daylight saving time)
 * @param chronic       a fault that makes most of its sign-ons fail, or null
 */
public record Terminal(
        int index,
        TerminalRecord record,
        NetworkType networkType,
        String carrier,
        int baseSignalDbm,
        String firmware,
        String app,
        int openingMinute,
        int utcOffsetMinutes,
        Fault chronic) {

    public String id() {
        return record.terminalId();
    }

    public String province() {
        return record.province();
    }

    public String host() {
        return record.hostId();
    }

    public boolean mobile() {
        return carrier != null;
    }

    /** The terminal's local minute of the day at a UTC minute of the day. */
    public int localMinute(long utcMinuteOfDay) {
        return (int) Math.floorMod(utcMinuteOfDay + utcOffsetMinutes, 1440L);
    }
}
