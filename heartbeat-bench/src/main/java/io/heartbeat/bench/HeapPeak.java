package io.heartbeat.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap use of this JVM, from its garbage collections: the peak (heap in use just before a collection, the top
 * of each sawtooth; summing the pools' own peaks would add maxima reached at different times), the most left after
 * a collection (what the consumer holds, plus old garbage not collected yet), and the time spent collecting.
 */
final class HeapPeak {

    private static final long MB = 1024 * 1024;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter((pool) -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());

    private final AtomicLong peakBytes = new AtomicLong();

    private final AtomicLong afterCollectionBytes = new AtomicLong();

    private final AtomicLong collections = new AtomicLong();

    private final AtomicLong collectionMillis = new AtomicLong();

    private HeapPeak() {
    }

    /** Starts watching every collector of this JVM. */
    static HeapPeak watch() {
        HeapPeak peak = new HeapPeak();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> peak.collected(notification), null, null);
            }
        }
        return peak;
    }

    /**
     * Peak heap in use, most heap live after a collection, the heap limit and peak RSS in megabytes (RSS -1 where
     * /proc is not there to read); collections and the seconds they took.
     */
    Map<String, Object> report() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long peak = this.peakBytes.accumulateAndGet(now, Math::max);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("peak_heap_mb", round(peak / (double) MB));
        report.put("max_heap_mb", round(Runtime.getRuntime().maxMemory() / (double) MB));
        report.put("heap_after_gc_mb", round(this.afterCollectionBytes.get() / (double) MB));
        report.put("peak_rss_mb", round(procStatusKilobytes("VmHWM") / 1024.0));
        report.put("gc_count", this.collections.get());
        report.put("gc_seconds", this.collectionMillis.get() / 1000.0);
        return report;
    }

    private void collected(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
            .from((CompositeData) notification.getUserData());
        this.peakBytes.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        this.afterCollectionBytes.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        this.collections.incrementAndGet();
        this.collectionMillis.addAndGet(info.getGcInfo().getDuration());
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (this.heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    private static long procStatusKilobytes(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter((line) -> line.startsWith(field + ":"))
                .map((line) -> line.substring(field.length() + 1).replace("kB", "").strip())
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(-1024);
        }
        catch (IOException | RuntimeException ex) {
            return -1024;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
