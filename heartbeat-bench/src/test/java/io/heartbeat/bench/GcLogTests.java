package io.heartbeat.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcLogTests {

    @Test
    void readsThePeakBeforeAndTheMostAfterACollectionAndThePauses() {
        Map<String, Object> summary = GcLog.summary(List.of(
                "[0.006s][info][gc,init] Version: 17.0.13+11-Debian-2deb12u1 (release)",
                "[0.006s][info][gc,init] Heap Max Capacity: 256M",
                "[0.006s][info][gc] Using G1",
                "[1.412s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(256M) 3.456ms",
                "[5.001s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 150M->60M(256M)"
                        + " 10.544ms",
                "[5.002s][info][gc] GC(2) Concurrent Mark Cycle",
                "[5.100s][info][gc] GC(2) Pause Remark 80M->80M(256M) 1.000ms",
                "[5.300s][info][gc] GC(2) Concurrent Mark Cycle 298.123ms",
                "[9.000s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 1G->512K(256M) 5.000ms"));

        assertThat(summary).containsExactly(Map.entry("peak_heap_mb", 1024.0), Map.entry("max_heap_mb", 256.0),
                Map.entry("heap_after_gc_mb", 80.0), Map.entry("gc_count", 4L), Map.entry("gc_seconds", 0.02));
    }

    @Test
    void reportsNothingCollectedWhenTheJvmNeverCollected() {
        assertThat(GcLog.summary(List.of("[0.006s][info][gc,init] Heap Max Capacity: 1G")))
            .containsEntry("max_heap_mb", 1024.0)
            .containsEntry("peak_heap_mb", 0.0)
            .containsEntry("gc_count", 0L);
    }
}
