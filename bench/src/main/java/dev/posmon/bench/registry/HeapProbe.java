package dev.posmon.bench.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's used heap after a full GC, from {@code jcmd <pid> GC.run} (System.gc(): a full, stop-the-world
 * collection with G1, the services' collector) then {@code jcmd <pid> GC.heap_info}. Collects twice, so that
 * what the first collection only unlinked is gone too.
 */
public final class HeapProbe {

    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    private final String jcmd;

    public HeapProbe(String javaHome) {
        this.jcmd = javaHome == null || javaHome.isBlank()
                ? "jcmd"
                : Path.of(javaHome, "bin", "jcmd").toString();
    }

    /** Used heap in bytes after a full GC. */
    public long usedAfterFullGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        run(pid, "GC.run");
        return used(run(pid, "GC.heap_info"));
    }

    static long used(String heapInfo) {
        Matcher matcher = USED.matcher(heapInfo);
        if (!matcher.find()) {
            throw new IllegalStateException("no 'heap total …K, used …K' in GC.heap_info:\n" + heapInfo);
        }
        return Long.parseLong(matcher.group(2)) * 1024;
    }

    private String run(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(jcmd + " " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }
}
