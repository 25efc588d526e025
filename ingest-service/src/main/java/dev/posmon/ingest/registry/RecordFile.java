package dev.posmon.ingest.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The full registry records, off the heap: an append-only file of length-prefixed records, created empty
 * when the view starts and deleted when it closes, addressed by the offset {@link TerminalTable} keeps.
 * It serves {@code GET /v1/terminals/{id}} and the id check of every registry write (a read from the page
 * cache), never the per-event check, which needs only the acquirer.
 *
 * <p>Like the view, it is rebuilt from the compacted topic at every start, so it needs no recovery. It only
 * grows: a changed record leaves its old copy behind (an unchanged one is not written again). The registry is
 * reference data that changes slowly; a restart starts the file afresh.
 */
public final class RecordFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private long end;

    public RecordFile(Path directory) {
        try {
            Files.createDirectories(directory);
            this.path = Files.createTempFile(directory, "posmon-registry-", ".records");
            this.channel = FileChannel.open(
                    path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry's record file in " + directory, e);
        }
    }

    /** Appends a record; answers its offset. */
    public synchronized long append(byte[] record) {
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + record.length)
                .putInt(record.length)
                .put(record)
                .flip();
        long at = end;
        try {
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
        return at;
    }

    /** The record at this offset, as appended. Safe from any thread, beside appends. */
    public byte[] read(long offset) {
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        readFully(length, offset);
        ByteBuffer record = ByteBuffer.allocate(length.flip().getInt());
        readFully(record, offset + Integer.BYTES);
        return record.array();
    }

    /** Bytes written so far, old copies included. */
    public synchronized long size() {
        return end;
    }

    public Path path() {
        return path;
    }

    private void readFully(ByteBuffer buffer, long position) {
        try {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    throw new IOException("offset " + position + " is past the end");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
