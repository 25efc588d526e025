package dev.posmon.contract.kafka;

import net.jpountz.lz4.LZ4Factory;

/**
 * Makes the Kafka clients of a service compress and decompress lz4 with lz4-java's native library (JNI) rather than
 * its pure-Java fallback.
 * <p>
 * Kafka's lz4 streams ask {@code LZ4Factory.fastestInstance()}, which tries the native library only when lz4-java was
 * loaded by the system class loader or its library is loaded already. In a Quarkus application it is loaded by
 * Quarkus' own class loader, so every Kafka client there compressed and decompressed in Java: in ingest that was 17 %
 * of its CPU (JFR), several times what the native code costs, while Kafka's own tools, on the system class loader, used
 * the native library. Loading the library once, before the first client exists, makes {@code fastestInstance()}
 * native from then on; the decompressor is chosen once per process, when Kafka's lz4 input stream is first used.
 * <p>
 * Where the library cannot be loaded (another platform, or a second class loader in the same process, as in Quarkus'
 * dev mode) the clients go on with the Java code, exactly as before. Plain class; idempotent.
 */
public final class NativeLz4 {

    private static final String FACTORY = load();

    private NativeLz4() {}

    /** Loads the native library if it can; the implementation Kafka's lz4 streams now get ("JNI" when native). */
    public static String ensureLoaded() {
        return FACTORY;
    }

    private static String load() {
        try {
            LZ4Factory.nativeInstance();
        } catch (Throwable unavailable) { // an UnsatisfiedLinkError, or an ExceptionInInitializerError wrapping one
            return LZ4Factory.fastestJavaInstance().toString().replace("LZ4Factory:", "")
                    + " (native library unavailable: " + unavailable + ")";
        }
        return LZ4Factory.fastestInstance().toString().replace("LZ4Factory:", "");
    }
}
