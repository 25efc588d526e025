package dev.posmon.analytics.event;

import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.schema.ContractSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Not a test: ns per marked event decoded with databind and with the hand-written readers, over events like the
 * simulator's (as the contract's mapper writes them), and the floor: the parser's tokens alone. In slices taking turns,
 * thread CPU time, the fastest slice of each. From analytics-service, after {@code test-compile}:
 *
 * <pre>
 * ../mvnw -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.posmon.analytics.event.DecodeTiming 2000000
 * </pre>
 */
public final class DecodeTiming {

    /** CPU time of this thread: on a machine busy with other work, wall time measures the others too. */
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private DecodeTiming() {}

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        SplittableRandom random = new SplittableRandom(3);
        byte[][] attempts = new byte[1024][];
        byte[][] samples = new byte[1024][];
        String[] attemptKeys = new String[1024];
        String[] sampleKeys = new String[1024];
        for (int i = 0; i < attempts.length; i++) {
            String terminal = "T" + (100_000 + random.nextInt(900_000));
            boolean failed = random.nextInt(5) == 0;
            attempts[i] = GeneratedEvents.json(new SignOnAttempt(
                    UUID.randomUUID(),
                    terminal,
                    Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000)),
                    "H" + random.nextInt(8),
                    failed ? SignOnAttempt.Outcome.FAILURE : SignOnAttempt.Outcome.SUCCESS,
                    failed ? SignOnAttempt.Stage.AUTH : SignOnAttempt.Stage.COMPLETE,
                    failed ? "96" : "00",
                    null,
                    null,
                    300 + random.nextInt(2000),
                    1 + random.nextInt(3),
                    new Network(Network.NetworkType._4G, "CMCC", -60 - random.nextInt(40)),
                    "3.2." + random.nextInt(9),
                    "FW-7." + random.nextInt(9),
                    null));
            attemptKeys[i] = terminal;
            samples[i] = GeneratedEvents.json(new Telemetry(
                    UUID.randomUUID(),
                    terminal,
                    Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000)),
                    random.nextInt(101),
                    random.nextBoolean(),
                    new Network(Network.NetworkType._4G, "CMCC", -60 - random.nextInt(40)),
                    20 + random.nextInt(400),
                    Telemetry.Printer.OK,
                    random.nextInt(3),
                    false,
                    false,
                    100 + random.nextInt(900),
                    (long) random.nextInt(10_000_000),
                    random.nextInt(20),
                    "3.2." + random.nextInt(9),
                    "FW-7." + random.nextInt(9),
                    null,
                    Telemetry.Display.OK));
            sampleKeys[i] = terminal;
        }
        Decoder<SignOnAttempt> attemptsDatabind =
                new Decoder<>(SignOnAttempt.class, ContractSchema.SIGNON_ATTEMPT, true, false);
        Decoder<SignOnAttempt> attemptsByHand =
                new Decoder<>(SignOnAttempt.class, ContractSchema.SIGNON_ATTEMPT, true, true);
        Decoder<Telemetry> samplesDatabind = new Decoder<>(Telemetry.class, ContractSchema.TELEMETRY, true, false);
        Decoder<Telemetry> samplesByHand = new Decoder<>(Telemetry.class, ContractSchema.TELEMETRY, true, true);
        byte[] attemptMark = ContractSchema.SIGNON_ATTEMPT.mark();
        byte[] sampleMark = ContractSchema.TELEMETRY.mark();
        var attemptReader = new AttemptReader();
        var attemptDatabind = dev.posmon.contract.json.ContractJson.mapper().readerFor(SignOnAttempt.class);
        var factory = dev.posmon.contract.json.ContractJson.mapper().getFactory();
        Timed[] timed = {
            new Timed("attempt   tokens only", i -> tokens(factory, attempts[i])),
            new Timed("attempt   databind readValue only", i -> read(attemptDatabind, attempts[i])),
            new Timed("attempt   AttemptReader.read only", i -> Decoded.valid(attemptReader.read(attempts[i]))),
            new Timed("attempt   databind", i -> attemptsDatabind.decode(attemptKeys[i], attempts[i], attemptMark)),
            new Timed("attempt   by hand ", i -> attemptsByHand.decode(attemptKeys[i], attempts[i], attemptMark)),
            new Timed("telemetry databind", i -> samplesDatabind.decode(sampleKeys[i], samples[i], sampleMark)),
            new Timed("telemetry by hand ", i -> samplesByHand.decode(sampleKeys[i], samples[i], sampleMark))
        };
        for (Timed t : timed) {
            t.run(300_000); // warm-up
        }
        // in slices, taking turns, so that a machine busy with something else slows each alike; the fastest slice
        // counts
        int slice = 100_000;
        for (int done = 0; done < events; done += slice) {
            for (Timed t : timed) {
                t.best = Math.min(t.best, t.run(slice) / (double) slice);
            }
        }
        System.out.printf("%,d events each, %d-event slices taken in turns, thread CPU time:%n", events, slice);
        for (Timed t : timed) {
            System.out.printf("  %s fastest slice %7.1f ns/event%n", t.name, t.best);
        }
    }

    private static Decoded<?> read(com.fasterxml.jackson.databind.ObjectReader reader, byte[] bytes) {
        try {
            return Decoded.valid(reader.readValue(bytes));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Decoded<?> tokens(com.fasterxml.jackson.core.JsonFactory factory, byte[] bytes) {
        try (var p = factory.createParser(bytes)) {
            int n = 0;
            while (p.nextToken() != null) {
                n++;
            }
            return n > 0 ? Decoded.valid(n) : null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One way to decode, its fastest slice so far. */
    private static final class Timed {
        final String name;
        final IntFunction<Decoded<?>> decode;
        double best = Double.MAX_VALUE;

        Timed(String name, IntFunction<Decoded<?>> decode) {
            this.name = name;
            this.decode = decode;
        }

        /** ns for {@code events} decodes */
        long run(int events) {
            long start = THREAD.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                Decoded<?> decoded = decode.apply(i & 1023);
                if (!decoded.isValid()) {
                    throw new IllegalStateException(decoded.reason());
                }
            }
            return THREAD.getCurrentThreadCpuTime() - start;
        }
    }
}
