package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Not a test: ns per attempt of the cube's first stage ({@link PartialCubeProcessor#process}, over a {@link
 * WriteBackStore}), attempts of 5,000 terminals in about 400 cells, a twentieth of the terminals failing most of the
 * time, 200 attempts a second of event time so that windows close as they run. The cell's strings that come from the
 * attempt are new strings each time, as when decoded. Thread CPU time, the fastest of 100,000-attempt slices. From
 * analytics-service, after {@code test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.posmon.analytics.aggregate.PartialCubeTiming 2000000
 * </pre>
 */
public final class PartialCubeTiming {

    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private PartialCubeTiming() {}

    public static void main(String[] args) throws Exception {
        int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        SplittableRandom random = new SplittableRandom(5);
        ClassifiedAttempt[] pool = new ClassifiedAttempt[8192];
        String[] hosts = {"H1", "H2", "H3", "H4"};
        String[] firmwares = {"FW-7.4", "FW-7.5", "FW-8.0"};
        String[] apps = {"3.2.1", "3.4.1"};
        String[] carriers = {"CMCC", "CUCC", "CTCC"};
        String[] provinces = {"440000", "110000", "310000", "500000", "330000", "320000"};
        for (int i = 0; i < pool.length; i++) {
            int terminal = random.nextInt(5000);
            boolean failed =
                    terminal % 20 == 0 && random.nextInt(5) != 0; // a twentieth of the terminals, failing mostly
            SignOnAttempt attempt = new SignOnAttempt(
                    UUID.randomUUID(),
                    "T" + terminal,
                    Instant.EPOCH,
                    new String(hosts[terminal % hosts.length]),
                    failed ? Outcome.FAILURE : Outcome.SUCCESS,
                    failed ? SignOnAttempt.Stage.AUTH : SignOnAttempt.Stage.COMPLETE,
                    failed ? "96" : "00",
                    null,
                    null,
                    300,
                    1,
                    new Network(Network.NetworkType._4G, new String(carriers[terminal % 3]), -80),
                    new String(apps[terminal % 2]),
                    new String(firmwares[terminal / 7 % 3]),
                    null);
            pool[i] = new ClassifiedAttempt(
                    attempt,
                    true,
                    provinces[terminal / 11 % provinces.length],
                    "440300",
                    "440305",
                    "M-" + terminal,
                    "P2000",
                    "Acme",
                    "H1",
                    "ACQ-A",
                    "CUP",
                    MerchantStatus.ACTIVE,
                    failed ? Cause.HOST_UNAVAILABLE : null,
                    failed ? new Evidence("CODE_TABLE", Map.of("responseCode", "96")) : null);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "partial-cube-timing");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // (to compare two versions, add the other's processor, under another name, as a second stage: slices take
        // turns)
        Stage[] stages = {
            new Stage(
                    "cube-partial",
                    props,
                    0,
                    name -> new PartialCubeProcessor(
                            name,
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(5),
                            Duration.ZERO,
                            24,
                            NONE))
        };
        int slice = 100_000;
        for (int i = 0; i < 5; i++) {
            for (Stage stage : stages) {
                stage.run(pool, slice); // warm-up
            }
        }
        for (int done = 0; done < attempts; done += slice) {
            for (Stage stage : stages) {
                stage.best = Math.min(stage.best, stage.run(pool, slice) / (double) slice);
            }
        }
        for (Stage stage : stages) {
            System.out.printf(
                    "%,d attempts, %s process, fastest %d-attempt slice: %.1f ns/attempt%n",
                    attempts, stage.name, slice, stage.best);
        }
    }

    private static final CubeObserver NONE = new CubeObserver() {
        @Override
        public void lateForCube(ClassifiedAttempt attempt) {}

        @Override
        public void latePartial(CubeMessage.Partial partial, String cellKey) {}
    };

    private static final class Stage {
        final String name;
        final MockProcessorContext<String, CubeMessage> context;
        final Processor<String, ClassifiedAttempt, String, CubeMessage> processor;
        long time = 1_780_000_000_000L;
        double best = Double.MAX_VALUE;

        Stage(
                String name,
                Properties props,
                int partition,
                Function<String, Processor<String, ClassifiedAttempt, String, CubeMessage>> processor)
                throws Exception {
            this.name = name;
            File stateDir = Files.createTempDirectory("partial-cube-timing").toFile();
            context = new MockProcessorContext<>(props, new TaskId(0, partition), stateDir);
            WriteBackStore store = WriteBackStore.builder("cube-partial-" + partition)
                    .withLoggingDisabled()
                    .build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            this.processor = processor.apply("cube-partial-" + partition);
            this.processor.init(context);
        }

        long run(ClassifiedAttempt[] pool, int attempts) {
            long start = THREAD.getCurrentThreadCpuTime();
            for (int i = 0; i < attempts; i++) {
                ClassifiedAttempt attempt = pool[i & (pool.length - 1)];
                time += 5;
                processor.process(new Record<>(attempt.attempt().terminalId(), attempt, time));
                if ((i & 4095) == 0) {
                    context.resetForwards();
                }
            }
            return THREAD.getCurrentThreadCpuTime() - start;
        }
    }
}
