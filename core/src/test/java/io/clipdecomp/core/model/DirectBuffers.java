package io.clipdecomp.core.model;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** Has Java free the direct buffers nothing references any more, as a garbage collection may at any moment. */
public final class DirectBuffers {
    private static final int ATTEMPTS = 25;

    private DirectBuffers() {
    }

    /** Collects garbage until the count of direct buffers falls, or a few attempts found nothing to free. */
    public static void collectUnreachable() throws InterruptedException {
        long before = count();
        for (int i = 0; i < ATTEMPTS && count() >= before; i++) {
            System.gc();
            Thread.sleep(20); // buffers are freed by the cleaner thread after the collection
        }
    }

    private static long count() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getCount();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }
}
