package dev.posmon.alerting.pipeline;

import dev.posmon.alerting.ha.AlertingRole;
import dev.posmon.alerting.ha.LeaderLock;
import dev.posmon.alerting.metrics.AlertingMetrics;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.health.TerminalHealth;
import dev.posmon.contract.kafka.KafkaClientConfig;
import dev.posmon.contract.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pipeline thread. Every replica runs it; the one that takes the {@link LeaderLock} is the active one: it restores
 * the detector and the pending windows from PostgreSQL, reads every partition of {@code signon.cube.v1} and
 * {@code terminal.health.v1} (read_committed: only what analytics' transactions committed) from the positions stored
 * in PostgreSQL, and applies each poll together with the positions after it in one transaction; settled windows are
 * judged, each in its own transaction. Any failure of the database gives the lock up (with its connection) and starts
 * over: whoever takes the lock next — this replica when the database is back, or a standby — resumes from what was
 * committed, so a crash, a failover or a database outage loses no window and counts none twice. A record that does not
 * read is logged and skipped.
 */
@ApplicationScoped
public class CubeConsumer {

    private static final Logger LOG = Logger.getLogger(CubeConsumer.class);
    private static final List<String> TOPICS = List.of(Topics.SIGNON_CUBE.name(), Topics.TERMINAL_HEALTH.name());
    /** How often the active replica checks that the lock's connection still answers while nothing else is written. */
    private static final Duration LOCK_CHECK = Duration.ofSeconds(5);
    /** Running cells of windows that ended longer ago than this are of no use: the closed window is on its way. */
    private static final Duration RUNNING_KEPT = Duration.ofMinutes(3);

    private final AlertingService service;
    private final Map<String, Object> kafkaConfig;
    private final AlertingConfig config;
    private final AlertingMetrics metrics;
    private final AlertingRole role;
    private final Clock clock;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicInteger pendingWindows = new AtomicInteger();
    private final Counter reread;
    private final Counter rejected;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaConsumer<String, byte[]> earlyConsumer;
    private volatile LeaderLock lock;
    private Thread thread;

    public CubeConsumer(
            AlertingService service,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            AlertingConfig config,
            AlertingMetrics metrics,
            AlertingRole role,
            Clock clock,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.service = service;
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.metrics = metrics;
        this.role = role;
        this.clock = clock;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password.orElse("");
        Gauge.builder("posmon.alerting.pending.windows", pendingWindows, AtomicInteger::get)
                .description("Cube windows read but not judged yet (on the active replica)")
                .register(registry);
        this.reread = Counter.builder("posmon.alerting.records.reread")
                .description("Records read again below the applied position (after a re-read was asked for): skipped, "
                        + "already applied")
                .register(registry);
        this.rejected = Counter.builder("posmon.alerting.records.rejected")
                .description(
                        "Records skipped because they do not read, lack a required field, or the database refuses their data")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        thread = new Thread(this::run, "alerting-pipeline");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        stopped.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Whatever the pipeline thread is blocked in, the lock goes with this service: another replica (or the next
        // instance in the same JVM) must not wait for it.
        LeaderLock held = lock;
        if (held != null) {
            held.close();
        }
        LOG.infof(
                "%s stopped%s",
                role.instance(), thread != null && thread.isAlive() ? " (its pipeline thread is still finishing)" : "");
    }

    private void run() {
        try (LeaderLock lock = new LeaderLock(
                jdbcUrl, user, password, (int) config.databaseTimeout().toSeconds())) {
            this.lock = lock;
            while (running) {
                try {
                    Optional<Connection> held = lock.tryAcquire();
                    if (held.isPresent() && !running) {
                        lock.release();
                    } else if (held.isPresent()) {
                        LOG.infof("%s holds the lock: restoring, then judging", role.instance());
                        lead(held.get(), lock);
                    } else {
                        role.standby(true);
                    }
                } catch (WakeupException e) {
                    LOG.debugf("%s: stopping", role.instance());
                } catch (SQLException e) {
                    LOG.warnf(
                            "%s: PostgreSQL failed (%s); giving up the lock, starting over from what was committed",
                            role.instance(), e.getMessage());
                    stepDown(lock, false);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e,
                            "%s: the pipeline failed; giving up the lock, starting over from what was committed",
                            role.instance());
                    stepDown(lock, true);
                } catch (Error e) {
                    // out of memory or a broken deployment: this process cannot be trusted to judge; another replica
                    // can
                    LOG.errorf(
                            e,
                            "%s: the pipeline thread failed fatally; giving up the lock and stopping the service",
                            role.instance());
                    stepDown(lock, false);
                    Quarkus.asyncExit(1);
                    return;
                }
                if (running) {
                    await(config.standbyRetry());
                }
            }
        } finally {
            role.standby(false);
            LOG.infof("%s: pipeline thread ended", role.instance());
        }
    }

    private void stepDown(LeaderLock lock, boolean databaseReachable) {
        lock.release();
        role.standby(databaseReachable);
        service.steppedDown();
        pendingWindows.set(0);
    }

    /** Active: restore, then read, apply and judge until stopped; returns on stop, throws on any failure. */
    private void lead(Connection connection, LeaderLock lock) throws SQLException {
        PipelineStore store = new PipelineStore(connection, role.instance());
        WindowBuffer buffer = new WindowBuffer(config.windowSettle(), clock);
        service.restore(store, buffer);
        Map<String, Object> settings = KafkaClientConfig.of(
                kafkaConfig,
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        config.groupId(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "posmon-alerting-" + role.instance()));
        try (KafkaConsumer<String, byte[]> kafka =
                        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
                AlertingMetrics.Binding bound = metrics.bind(kafka)) {
            consumer = kafka;
            Map<TopicPartition, Long> appliedBelow = assign(kafka, store);
            RunningCells runningCells =
                    config.earlyEvery().isZero() ? null : new RunningCells(config.earlyEvery(), RUNNING_KEPT, clock);
            KafkaConsumer<String, byte[]> early = runningCells == null ? null : runningConsumer();
            earlyConsumer = early;
            role.becameActive();
            Instant lockChecked = clock.instant();
            while (running) {
                var records = kafka.poll(Duration.ofMillis(early == null ? 500 : 200));
                if (!records.isEmpty()) {
                    apply(store, buffer, records, appliedBelow);
                    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                    records.partitions().forEach(p -> commit.put(p, new OffsetAndMetadata(kafka.position(p))));
                    kafka.commitAsync(commit, null);
                    lockChecked = clock.instant();
                }
                for (WindowBuffer.Window window : buffer.settled()) {
                    service.judge(store, buffer, window);
                    if (runningCells != null) {
                        runningCells.closed(window.start());
                    }
                    lockChecked = clock.instant();
                }
                if (early != null) {
                    for (ConsumerRecord<String, byte[]> record : early.poll(Duration.ZERO)) {
                        readRunning(record).ifPresent(runningCells::put);
                    }
                    for (RunningCells.Due due : runningCells.due()) {
                        service.judgeEarly(store, buffer, due);
                    }
                }
                pendingWindows.set(buffer.pending());
                if (Duration.between(lockChecked, clock.instant()).compareTo(LOCK_CHECK) >= 0) {
                    if (!lock.stillHeld(5)) {
                        throw new SQLException("the connection that holds the lock stopped answering");
                    }
                    lockChecked = clock.instant();
                }
            }
        } finally {
            consumer = null;
            KafkaConsumer<String, byte[]> early = earlyConsumer;
            earlyConsumer = null;
            if (early != null) {
                early.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * A consumer of every partition of {@code signon.cube.running.v1}, from the running cells of the last few minutes
     * (a replica that just took over sees the windows still open at once); null, and early judgement off, where the
     * topic does not exist (an analytics that does not send running cells).
     */
    private KafkaConsumer<String, byte[]> runningConsumer() {
        Map<String, Object> settings = KafkaClientConfig.of(
                kafkaConfig,
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "posmon-alerting-running-" + role.instance()));
        KafkaConsumer<String, byte[]> early =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = early.partitionsFor(Topics.SIGNON_CUBE_RUNNING.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                LOG.warnf(
                        "%s has no partitions: windows are judged when they close only",
                        Topics.SIGNON_CUBE_RUNNING.name());
                early.close();
                return null;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            early.assign(partitions);
            long since = clock.instant().minus(RUNNING_KEPT).toEpochMilli();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> offsets = early.offsetsForTimes(times, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                if (offset == null) {
                    early.seekToEnd(List.of(partition));
                } else {
                    early.seek(partition, offset.offset());
                }
            }
            return early;
        } catch (RuntimeException e) {
            early.close();
            throw e;
        }
    }

    /** A running cell, or nothing for one that does not read (it only makes a judgement early; the closed window decides). */
    private Optional<CubeCell> readRunning(ConsumerRecord<String, byte[]> record) {
        try {
            CubeCell cell =
                    Topics.SIGNON_CUBE_RUNNING.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (cell == null
                    || cell.windowStart() == null
                    || cell.windowEnd() == null
                    || cell.failuresByCause() == null
                    || CubeCell.DIMENSIONS.stream().anyMatch(d -> cell.dimension(d) == null)) {
                throw new SerializationException("a running cell without its window or a dimension");
            }
            return Optional.of(cell);
        } catch (RuntimeException e) {
            LOG.debugf(
                    "skipping unreadable running cell %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Takes every partition of both topics and seeks each to its stored position; a partition without one starts at
     * the consumer group's committed offset (the version before kept its positions there), else at the earliest.
     * Answers, per partition, the offset below which everything was applied already.
     */
    private Map<TopicPartition, Long> assign(KafkaConsumer<String, byte[]> kafka, PipelineStore store)
            throws SQLException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (not created yet?)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        kafka.assign(partitions);
        Map<TopicPartition, PipelineStore.Position> stored = store.positions();
        Set<TopicPartition> unknown = new HashSet<>(partitions);
        unknown.removeAll(stored.keySet());
        Map<TopicPartition, OffsetAndMetadata> committed =
                unknown.isEmpty() ? Map.of() : kafka.committed(unknown, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> appliedBelow = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PipelineStore.Position position = stored.get(partition);
            OffsetAndMetadata groupOffset = committed.get(partition);
            if (position != null && position.nextOffset() > ends.getOrDefault(partition, Long.MAX_VALUE)) {
                // The log ends before where this partition was read to: the topic was deleted and created again. Its
                // offsets start over, and skipping everything below the old mark would drop every new record.
                LOG.warnf(
                        "%s ends at offset %d, before the stored position %d: the topic was created anew; "
                                + "reading it from the start",
                        partition, ends.get(partition), position.nextOffset());
                kafka.seekToBeginning(List.of(partition));
                appliedBelow.put(partition, 0L);
                store.forget(partition);
            } else if (position != null) {
                kafka.seek(partition, position.nextOffset());
                appliedBelow.put(partition, position.appliedBelow());
            } else if (groupOffset != null) {
                kafka.seek(partition, groupOffset.offset());
            }
        }
        LOG.infof(
                "reading %d partitions: %d from stored positions, %d from the group's offsets, the rest from the earliest",
                partitions.size(),
                stored.size(),
                committed.values().stream().filter(o -> o != null).count());
        return appliedBelow;
    }

    private void apply(
            PipelineStore store,
            WindowBuffer buffer,
            Iterable<ConsumerRecord<String, byte[]>> records,
            Map<TopicPartition, Long> appliedBelow)
            throws SQLException {
        List<PipelineStore.Read> reads = new ArrayList<>();
        Map<TopicPartition, Long> after = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            after.put(partition, record.offset() + 1);
            if (record.offset() < appliedBelow.getOrDefault(partition, 0L)) {
                reread.increment();
                continue;
            }
            read(record, partition).ifPresent(reads::add);
        }
        List<CubeCell> late = applyOrSkipBadRecords(store, reads, buffer, after);
        after.forEach((partition, offset) -> appliedBelow.merge(partition, offset, Math::max));
        Set<CubeCell> lateCells = Collections.newSetFromMap(new IdentityHashMap<>());
        lateCells.addAll(late);
        for (PipelineStore.Read read : reads) {
            if (read.cell() != null) {
                boolean accepted = !lateCells.contains(read.cell());
                metrics.cubeCell(accepted);
                if (accepted) {
                    buffer.arrived(read.cell().windowStart(), read.cell().windowEnd());
                }
            }
        }
    }

    /**
     * Applies the batch; if the database refuses it for its data (a value too long for its column, say: SQLState class 22
     * or 23), applies the records one by one and skips those it refuses, so that one bad record cannot stop the pipeline
     * on every replica. Any other failure is the database's and goes up.
     */
    private List<CubeCell> applyOrSkipBadRecords(
            PipelineStore store, List<PipelineStore.Read> reads, WindowBuffer buffer, Map<TopicPartition, Long> after)
            throws SQLException {
        try {
            return store.apply(reads, buffer::isJudged, after, clock.instant());
        } catch (SQLException e) {
            if (!dataError(e)) {
                throw e;
            }
            LOG.warnf(
                    "%s: the database refused a batch for its data (%s); applying its records one by one",
                    role.instance(), e.getMessage());
        }
        List<CubeCell> late = new ArrayList<>();
        List<PipelineStore.Read> applied = new ArrayList<>();
        for (PipelineStore.Read read : reads) {
            try {
                // with its own position: a crash between two of these records re-reads only what was not applied
                late.addAll(store.apply(
                        List.of(read), buffer::isJudged, Map.of(read.partition(), read.offset() + 1), clock.instant()));
                applied.add(read);
            } catch (SQLException e) {
                if (!dataError(e)) {
                    throw e;
                }
                rejected.increment();
                LOG.warnf(
                        "skipping record %s@%d that the database refuses: %s",
                        read.partition(), read.offset(), e.getMessage());
            }
        }
        store.apply(List.of(), buffer::isJudged, after, clock.instant());
        reads.retainAll(applied);
        return late;
    }

    /** A failure caused by the data (class 22, data exception; 23, integrity constraint), not by the database being unwell. */
    static boolean dataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private Optional<PipelineStore.Read> read(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
        try {
            if (record.topic().equals(Topics.SIGNON_CUBE.name())) {
                CubeCell cell =
                        Topics.SIGNON_CUBE.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (cell != null
                        && (cell.windowStart() == null
                                || cell.windowEnd() == null
                                || cell.failuresByCause() == null
                                || CubeCell.DIMENSIONS.stream().anyMatch(d -> cell.dimension(d) == null))) {
                    throw new SerializationException("a cube cell without its window or a dimension");
                }
                return Optional.ofNullable(cell).map(c -> new PipelineStore.Read(partition, record.offset(), c, null));
            }
            TerminalHealth health =
                    Topics.TERMINAL_HEALTH.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (health != null
                    && (health.terminalId() == null
                            || health.state() == null
                            || health.since() == null
                            || health.at() == null)) {
                throw new SerializationException("a health change without its terminal, state, since or at");
            }
            return Optional.ofNullable(health).map(h -> new PipelineStore.Read(partition, record.offset(), null, h));
        } catch (RuntimeException e) {
            // whatever does not read is this record's fault, not the pipeline's: it must not stop every replica
            LOG.warnf(
                    "skipping unreadable record %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            rejected.increment();
            return Optional.empty();
        }
    }

    /** Waits before the next try, or until the service stops. */
    private void await(Duration pause) {
        try {
            stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
