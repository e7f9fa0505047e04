package io.clipdecomp.jobs.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory of this JVM as a soak samples it: heap in use, heap left after the latest collection, resident set. */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /**
     * True when the whole heap was committed and touched at start ({@code -XX:+AlwaysPreTouch} with {@code -Xms}
     * equal to {@code -Xmx}): only then does the RSS outside the heap stay apart from the heap's sizing.
     */
    static boolean heapFixedAndTouched() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")
                && heap.getCommitted() == heap.getMax();
    }

    /** Heap in use now, garbage included. */
    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap the JVM has committed: taken from the system, whether in use or not. */
    static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /**
     * Heap in use right after the latest collection of each heap pool, summed: what survived, without the
     * garbage that makes {@link #heapUsed()} a saw-tooth. -1 when the collector reports no such usage.
     */
    static long heapAfterLastGc() {
        long sum = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                sum += after.getUsed();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    /** The process's resident set ({@code VmRSS} of {@code /proc/self/status}) in bytes, or -1 where there is none. */
    static long residentSetBytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return residentSetBytes(line);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc here, or a format we do not know: the RSS is simply not sampled
        }
        return -1;
    }

    /** The bytes of a {@code VmRSS:   123456 kB} line. */
    static long residentSetBytes(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3 || !parts[2].equals("kB")) {
            throw new IllegalArgumentException("unexpected VmRSS line: " + line);
        }
        return Long.parseLong(parts[1]) * 1024;
    }
}
