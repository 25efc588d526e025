package dev.posmon.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import dev.posmon.simulator.behaviour.Behaviour;
import dev.posmon.simulator.behaviour.Events;
import dev.posmon.simulator.behaviour.Fault;
import dev.posmon.simulator.behaviour.Fault.Symptom;
import dev.posmon.simulator.fleet.Terminal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's fleet and traffic, generated (deterministic per terminal, seeded per run): the terminals it registers
 * and, made by the simulator's {@link Events}, the sign-on attempts and telemetry it produces, checked against the
 * contract.
 */
public final class BenchTraffic {

    private BenchTraffic() {}

    /**
     * The contract's JSON without null members, which is what ingest writes (the JSON the terminal posted, after validation).
     * The topic serde itself ({@code Topics.SIGNON_ATTEMPTS.valueSerde()}) writes {@code "carrier":null} for a network without
     * one (WIFI, ETHERNET), which the contract's own schema refuses, so analytics would dead-letter those records.
     */
    static final ObjectMapper INGEST_JSON =
            ContractJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** GB/T 2260 county codes across provinces (Shenzhen, Beijing, Shanghai, Chengdu, Hangzhou, …), weighted by repetition. */
    static final String[] REGIONS = {
        "440305", "440305", "440106", "440304", "110105", "110105", "110108", "310101", "310101", "310115",
        "510104", "510107", "330106", "330106", "320102", "420106", "370102", "500103", "610113", "350203"
    };

    static final String[] HOSTS = {"H1", "H2", "H3", "H4"};

    static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC"};

    static final String[] MODELS = {"P2000", "A920", "N910"};

    static final String[] VENDORS = {"Acme", "PAX", "Newland"};

    static final String[] PROFILES = {"CUP", "CUP", "CUP", "ISO87", "POSTILION"};

    static final String[] FIRMWARE = {"FW-7.2", "FW-7.3", "FW-7.4", "FW-7.4", "FW-7.5", "FW-8.0"};

    static final String[] APP = {"3.1.9", "3.2.0", "3.2.1", "3.2.1"};

    /** Bump when {@link #terminal(int)} changes, so that the next run registers the fleet again. */
    static final String FLEET_VERSION = "fleet-1";

    /**
     * Sign-on attempts per second of event time (POSMON_BENCH_EVENT_RATE): occurredAt of the run's attempts spans
     * events / rate seconds ending now. 10,000/s is the morning peak of a fleet of several million terminals, the load
     * a throughput figure is about. The first versions spread every run over one hour of event time, whatever its
     * size: 600,000 attempts made 60 one-minute windows of about 2,000 cells each, so the cube closed and merged
     * about one cell per attempt — a cost per attempt sixty times what a live fleet at that rate causes.
     */
    static final double EVENT_RATE = Double.parseDouble(env("POSMON_BENCH_EVENT_RATE", "10000"));

    /** Refuses to start when the generator writes what the contract (and so analytics' decoder) would dead-letter. */
    static void checkAgainstContract(int terminals) throws IOException {
        SplittableRandom random = new SplittableRandom();
        Instant now = Instant.now();
        for (int i = 0; i < 20_000; i++) {
            int t = random.nextInt(terminals);
            SignOnAttempt attempt = attempt(t, now, random);
            List<Violation> violations = new ArrayList<>(ContractSchema.SIGNON_ATTEMPT.validate(
                    INGEST_JSON.readTree(INGEST_JSON.writeValueAsBytes(attempt))));
            violations.addAll(ContractRules.check(attempt));
            violations.addAll(ContractSchema.TELEMETRY.validate(
                    INGEST_JSON.readTree(INGEST_JSON.writeValueAsBytes(telemetry(t, now, random)))));
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the generator breaks the contract: " + violations);
            }
        }
    }

    static String terminalId(int i) {
        return String.format("BENCH-T%06d", i);
    }

    /** Deterministic per-terminal attributes (a terminal keeps its place, host, SIM, model and firmware). */
    static TerminalRecord terminal(int i) {
        return new TerminalRecord(
                terminalId(i),
                String.format("BENCH-M%05d", i / 3),
                REGIONS[mix(i, 1) % REGIONS.length],
                MODELS[mix(i, 2) % MODELS.length],
                VENDORS[mix(i, 2) % VENDORS.length],
                HOSTS[mix(i, 3) % HOSTS.length],
                "ACQ-BENCH",
                PROFILES[mix(i, 4) % PROFILES.length],
                "Asia/Shanghai",
                i % 500 == 0 ? MerchantStatus.FROZEN : MerchantStatus.ACTIVE);
    }

    static int mix(int i, int salt) {
        int h = i * 0x9E3779B1 + salt * 0x85EBCA6B;
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        return h & Integer.MAX_VALUE;
    }

    /**
     * The terminal with that id as the simulator sees it; {@code t}, its index in its fleet, picks its registry facts,
     * bearer, carrier, usual signal, firmware and app version, so that a terminal keeps them from one event to the next.
     */
    static Terminal device(String terminalId, int t) {
        int kind = mix(t, 5) % 20;
        NetworkType type = kind == 0
                ? NetworkType.ETHERNET
                : kind <= 3 ? NetworkType.WIFI : kind == 4 ? NetworkType._5G : NetworkType._4G;
        String carrier = kind > 3 ? CARRIERS[mix(t, 6) % CARRIERS.length] : null;
        return new Terminal(
                t,
                terminal(t).withTerminalId(terminalId),
                type,
                carrier,
                -60 - mix(t, 9) % 35,
                FIRMWARE[mix(t, 7) % FIRMWARE.length],
                APP[mix(t, 8) % APP.length],
                8 * 60,
                8 * 60,
                null);
    }

    static SignOnAttempt attempt(int t, Instant occurredAt, SplittableRandom random) {
        return attempt(terminalId(t), t, occurredAt, random);
    }

    /**
     * A sign-on attempt of the terminal with that id ({@code t} as for {@link #device(String, int)}): 92 % succeed, the
     * rest fail of the simulator's baseline mix of faults, a few of them on a retry.
     */
    static SignOnAttempt attempt(String terminalId, int t, Instant occurredAt, SplittableRandom random) {
        Terminal device = device(terminalId, t);
        if (random.nextInt(1000) < 920) {
            Network network = Events.network(device, random, false);
            return Events.signOn(
                    Events.eventId(random, 0),
                    device,
                    occurredAt,
                    1,
                    network,
                    Symptom.success(150 + random.nextInt(1200)));
        }
        Fault fault = Behaviour.BASELINE_MIX.pick(random);
        Network network = Events.network(device, random, fault == Fault.NETWORK);
        Symptom symptom = fault.symptom(device.record().networkProfile(), random);
        return Events.signOn(Events.eventId(random, 0), device, occurredAt, 1 + random.nextInt(3), network, symptom);
    }

    static Telemetry telemetry(int t, Instant occurredAt, SplittableRandom random) {
        return telemetry(terminalId(t), t, occurredAt, random);
    }

    /** A telemetry sample of the terminal with that id ({@code t} as for {@link #device(String, int)}). */
    static Telemetry telemetry(String terminalId, int t, Instant occurredAt, SplittableRandom random) {
        return Events.telemetry(device(terminalId, t), occurredAt, random, 0);
    }

    /** The attempt as the JSON a terminal posts to ingest (no null members), for benchmarks that post over HTTP. */
    public static ObjectNode signOnJson(String terminalId, int t, Instant occurredAt, SplittableRandom random) {
        return INGEST_JSON.valueToTree(attempt(terminalId, t, occurredAt, random));
    }

    /** The telemetry sample as the JSON a terminal posts to ingest. */
    public static ObjectNode telemetryJson(String terminalId, int t, Instant occurredAt, SplittableRandom random) {
        return INGEST_JSON.valueToTree(telemetry(terminalId, t, occurredAt, random));
    }

    /** How much event time the run's attempts span: {@code events / EVENT_RATE}, at least one window. */
    static Duration span(long events) {
        return Duration.ofMillis(Math.max(60_000, (long) (events * 1_000 / EVENT_RATE)));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
