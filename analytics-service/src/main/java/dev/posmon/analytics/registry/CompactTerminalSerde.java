package dev.posmon.analytics.registry;

import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.contract.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A registry record in the few bytes the global {@code registry} store holds per terminal: the fields of
 * small cardinality (region, model, vendor, host, acquirer, network profile, time zone) as indexes into
 * per-field {@link Dictionary dictionaries}, the merchant status as one byte, and only the terminal and
 * merchant ids as their UTF-8 bytes. About 30 to 40 bytes where the JSON of the topic is about 250.
 *
 * <p>Layout: {@code 0x01} (the format; JSON starts with '{', so a JSON value is told apart and still read),
 * the status (its ordinal + 1, 0 for none), seven dictionary indexes + 1 (0 for none) as unsigned varints,
 * then the terminal id and the merchant id, each as varint (UTF-8 length + 1, 0 for none) and bytes.
 *
 * <p>The values are only meaningful with this instance's dictionaries: the serde belongs to one topology and
 * its in-memory store, and is never used for a topic or a persistent store.
 */
public final class CompactTerminalSerde
        implements Serde<TerminalRecord>, Serializer<TerminalRecord>, Deserializer<TerminalRecord> {

    static final byte FORMAT = 1;
    private static final MerchantStatus[] STATUSES = MerchantStatus.values();

    private final Dictionary regions = new Dictionary();
    private final Dictionary models = new Dictionary();
    private final Dictionary vendors = new Dictionary();
    private final Dictionary hosts = new Dictionary();
    private final Dictionary acquirers = new Dictionary();
    private final Dictionary profiles = new Dictionary();
    private final Dictionary timezones = new Dictionary();

    @Override
    public byte[] serialize(String topic, TerminalRecord terminal) {
        if (terminal == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        out.write(FORMAT);
        out.write(
                terminal.merchantStatus() == null
                        ? 0
                        : terminal.merchantStatus().ordinal() + 1);
        index(out, regions, terminal.regionCode());
        index(out, models, terminal.model());
        index(out, vendors, terminal.vendor());
        index(out, hosts, terminal.hostId());
        index(out, acquirers, terminal.acquirer());
        index(out, profiles, terminal.networkProfile());
        index(out, timezones, terminal.timezone());
        text(out, terminal.terminalId());
        text(out, terminal.merchantId());
        return out.toByteArray();
    }

    @Override
    public TerminalRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return Topics.TERMINAL_REGISTRY.valueSerde().deserializer().deserialize(topic, data);
        }
        if (data.length < 2 || data[0] != FORMAT) {
            throw new SerializationException(
                    "not a compact registry value (format " + (data.length == 0 ? "none" : data[0]) + ")");
        }
        Reader in = new Reader(data, 1);
        int status = in.data[in.at++];
        String region = in.value(regions);
        String model = in.value(models);
        String vendor = in.value(vendors);
        String host = in.value(hosts);
        String acquirer = in.value(acquirers);
        String profile = in.value(profiles);
        String timezone = in.value(timezones);
        String terminalId = in.text();
        String merchantId = in.text();
        return new TerminalRecord(
                terminalId,
                merchantId,
                region,
                model,
                vendor,
                host,
                acquirer,
                profile,
                timezone,
                status == 0 ? null : STATUSES[status - 1]);
    }

    private static void index(ByteArrayOutputStream out, Dictionary dictionary, String value) {
        varint(out, value == null ? 0 : dictionary.intern(value) + 1);
    }

    private static void text(ByteArrayOutputStream out, String value) {
        if (value == null) {
            varint(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(out, bytes.length + 1);
        out.write(bytes, 0, bytes.length);
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** A cursor over one value. */
    private static final class Reader {
        final byte[] data;
        int at;

        Reader(byte[] data, int at) {
            this.data = data;
            this.at = at;
        }

        String value(Dictionary dictionary) {
            int index = varint();
            return index == 0 ? null : dictionary.value(index - 1);
        }

        String text() {
            int length = varint();
            if (length == 0) {
                return null;
            }
            String text = new String(data, at, length - 1, StandardCharsets.UTF_8);
            at += length - 1;
            return text;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= data.length || shift > 28) {
                    throw new SerializationException("a compact registry value is cut short");
                }
                byte b = data[at++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }
    }

    @Override
    public Serializer<TerminalRecord> serializer() {
        return this;
    }

    @Override
    public Deserializer<TerminalRecord> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // the dictionaries live as long as the topology's store
    }
}
