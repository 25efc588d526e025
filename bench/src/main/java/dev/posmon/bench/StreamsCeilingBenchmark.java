package dev.posmon.bench;

import dev.posmon.contract.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The ceiling of any Kafka Streams application on this machine: the first N records of {@code signon.attempts.v1}
 * copied, as bytes, to a scratch topic by a one-step topology with analytics' own settings: exactly_once_v2, a
 * commit every analytics' commit interval ({@link AnalyticsProcess#commitIntervalMs()}, which
 * {@link AnalyticsBenchSuite} reads from the measured analytics jar), as many stream threads as the analytics run
 * ({@link AnalyticsProcess#streamThreads()}), the producer settings analytics sets
 * ({@link AnalyticsProcess#producerSettings()}: a producer setting that helps analytics helps the ceiling as well, and
 * is not analytics' own gain). Analytics does everything this does and then its own work, so
 * analytics / this ratio says how much of the gap to a raw consumer is posmon's and how much is Kafka Streams'.
 * <p>
 * With the mode {@code store} the copy also writes each record into a persistent key-value store keyed by
 * terminal (RocksDB, with its changelog): the least any analytics topology must do per attempt
 * (one classified record out, the terminal's state kept in a persistent store), without decoding anything.
 * <p>
 * Arguments: bootstrap events [copy|store]. Prints a {@code RESULT} line; deletes its topic, group and state afterwards.
 */
public final class StreamsCeilingBenchmark {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long events = Long.parseLong(args[1]);
        boolean store = args.length > 2 && args[2].equals("store");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "posmon-bench-ceiling-" + run;
        String scratch = "posmon-bench-ceiling-" + run;
        Path stateDir = Files.createTempDirectory("posmon-bench-ceiling-");
        try (Admin admin = BenchKafka.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(scratch, Topics.SIGNON_ATTEMPTS.partitions(), (short) -1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            AtomicLong processed = new AtomicLong();
            AtomicLong firstNanos = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            long[] doneNanos = new long[1];
            long[] halfNanos = new long[1];
            StreamsBuilder builder = new StreamsBuilder();
            KStream<String, byte[]> attempts =
                    builder.stream(Topics.SIGNON_ATTEMPTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()));
            if (store) {
                builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()));
                attempts = attempts.processValues(KeepLatest::new, STORE);
            }
            attempts.peek((key, value) -> {
                        long n = processed.incrementAndGet();
                        if (n == 1) {
                            firstNanos.set(System.nanoTime());
                        } else if (n == events / 2) {
                            halfNanos[0] = System.nanoTime();
                        } else if (n == events) {
                            doneNanos[0] = System.nanoTime();
                            done.countDown();
                        }
                    })
                    .to(scratch, Produced.with(Serdes.String(), Serdes.ByteArray()));
            Properties props = new Properties();
            props.putAll(BenchKafka.config(bootstrap, Map.of()));
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            int commitMs = AnalyticsProcess.commitIntervalMs().orElse(200);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, AnalyticsProcess.streamThreads());
            Map<String, String> producer = AnalyticsProcess.producerSettings();
            props.putAll(producer);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            // Kafka Streams' members do not leave their group on close: a short session lets it empty soon after.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                streams.start();
                if (!done.await(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(
                            "only " + processed.get() + " of " + events + " records in 30 minutes");
                }
                double seconds = (doneNanos[0] - firstNanos.get()) / 1e9;
                double rate = (events - 1) / seconds;
                double secondHalf = (events - events / 2) / ((doneNanos[0] - halfNanos[0]) / 1e9);
                System.out.printf(
                        "Kafka Streams pass-through%s (exactly_once_v2, commit %d ms, %d stream thread(s)%s): %,d"
                                + " records in %.1f s = %.0f records/s%n",
                        store ? " with a persistent store per terminal" : "",
                        commitMs,
                        AnalyticsProcess.streamThreads(),
                        producer.isEmpty() ? "" : ", " + producer,
                        events,
                        seconds,
                        rate);
                System.out.printf(
                        "  (second half only, past the start-up transients: %,d records / %.1f s = %.0f records/s)%n",
                        events - events / 2, (doneNanos[0] - halfNanos[0]) / 1e9, secondHalf);
                String mode = store ? "store" : "passthrough";
                System.out.println("RESULT " + mode + "_events_per_s=" + Math.round(rate) + " " + mode
                        + "_second_half_events_per_s=" + Math.round(secondHalf));
                streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
                streams.cleanUp();
            }
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .toList();
            admin.deleteTopics(
                            Stream.concat(Stream.of(scratch), internal.stream()).toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
            deleteGroup(admin, applicationId);
        }
    }

    private static final String STORE = "latest-by-terminal";

    /** Keeps each terminal's latest record in the persistent store: a get and a put, as analytics' terminal state does. */
    private static final class KeepLatest implements FixedKeyProcessor<String, byte[], byte[]> {
        private FixedKeyProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> latest;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.latest = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            latest.get(record.key());
            latest.put(record.key(), record.value());
            context.forward(record);
        }
    }

    /** The group empties when its member's session expires; a leftover group would only clutter the broker. */
    private static void deleteGroup(Admin admin, String group) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("could not delete group " + group + ": " + e.getMessage());
                    return;
                }
                Thread.sleep(500);
            }
        }
    }
}
