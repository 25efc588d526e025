package dev.posmon.contract.classify;

import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.json.JsonSerde;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Not a test: ns per {@link ClassifiedSignOn} written by databind ({@link JsonSerde}) and by {@link
 * ClassifiedSignOnSerde}, over records like analytics' (a fifth failures with evidence). In slices taking turns, thread
 * CPU time, the fastest slice of each. From contract, after {@code test-compile}:
 *
 * <pre>
 * ../mvnw -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.posmon.contract.classify.ClassifiedWriteTiming 2000000
 * </pre>
 */
public final class ClassifiedWriteTiming {

    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private ClassifiedWriteTiming() {}

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        SplittableRandom random = new SplittableRandom(3);
        ClassifiedSignOn[] values = new ClassifiedSignOn[1024];
        for (int i = 0; i < values.length; i++) {
            boolean failed = random.nextInt(5) == 0;
            values[i] = new ClassifiedSignOn(
                    UUID.randomUUID(),
                    "T" + (100_000 + random.nextInt(900_000)),
                    Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000)),
                    failed ? Outcome.FAILURE : Outcome.SUCCESS,
                    "H" + random.nextInt(8),
                    true,
                    "440000",
                    "440300",
                    "M-" + random.nextInt(10_000),
                    "P2000",
                    "ACQ-A",
                    failed ? Cause.HOST_UNAVAILABLE : null,
                    failed
                            ? new Evidence(
                                    "CODE_TABLE", Map.of("responseCode", "96", "profile", "CUP", "table", "cup-3"))
                            : null);
        }
        Serializer<ClassifiedSignOn> databind = new JsonSerde<>(ClassifiedSignOn.class);
        Serializer<ClassifiedSignOn> byHand = new ClassifiedSignOnSerde();
        String[] names = {"databind", "by hand "};
        @SuppressWarnings("unchecked")
        Serializer<ClassifiedSignOn>[] serializers = new Serializer[] {databind, byHand};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (Serializer<ClassifiedSignOn> serializer : serializers) {
            run(serializer, values, 300_000); // warm-up
        }
        int slice = 100_000;
        for (int done = 0; done < records; done += slice) {
            for (int s = 0; s < serializers.length; s++) {
                best[s] = Math.min(best[s], run(serializers[s], values, slice) / (double) slice);
            }
        }
        System.out.printf("%,d records each, %d-record slices taken in turns, thread CPU time:%n", records, slice);
        for (int s = 0; s < serializers.length; s++) {
            System.out.printf("  classified %s fastest slice %7.1f ns/record%n", names[s], best[s]);
        }
    }

    private static long run(Serializer<ClassifiedSignOn> serializer, ClassifiedSignOn[] values, int records) {
        long start = THREAD.getCurrentThreadCpuTime();
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            bytes += serializer.serialize("t", values[i & 1023]).length;
        }
        if (bytes == 0) {
            throw new IllegalStateException();
        }
        return THREAD.getCurrentThreadCpuTime() - start;
    }
}
