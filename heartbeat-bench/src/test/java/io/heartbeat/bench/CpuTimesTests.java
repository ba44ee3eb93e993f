package io.heartbeat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTimesTests {

    private static final Pattern TIME = Pattern.compile("(\\d+)m(\\d+)\\.(\\d+)s");

    @Test
    void aChildThatHasExitedStillCountsForItsParent() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Duration reapedBefore = CpuTimes.reapedChildren(self);
        Duration allBefore = CpuTimes.withDescendants(self);

        Duration childUsed = burnInChild();

        assertThat(childUsed).isPositive();
        // The kernel adds the child's time at its exit; what it reported a moment before is a lower bound.
        assertThat(CpuTimes.reapedChildren(self).minus(reapedBefore)).isGreaterThanOrEqualTo(childUsed);
        assertThat(CpuTimes.withDescendants(self).minus(allBefore)).isGreaterThanOrEqualTo(childUsed);
    }

    @Test
    void aProcessThatIsGoneHasNoReapedChildren() throws Exception {
        Process child = new ProcessBuilder("true").start();
        ProcessHandle handle = child.toHandle();
        child.waitFor();

        assertThat(CpuTimes.reapedChildren(handle)).isZero();
    }

    // Runs a shell that spins for a while, then prints its own user and system time; returns their sum.
    private static Duration burnInChild() throws IOException, InterruptedException {
        Process child = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; times").redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(child.waitFor()).isZero();
        Matcher times = TIME.matcher(output);
        Duration used = Duration.ZERO;
        for (int field = 0; field < 2; field++) {
            assertThat(times.find()).as(output).isTrue();
            used = used.plus(Duration.ofMinutes(Long.parseLong(times.group(1))))
                .plusSeconds(Long.parseLong(times.group(2)))
                .plus(Duration.ofNanos(Long.parseLong((times.group(3) + "000000000").substring(0, 9))));
        }
        return used;
    }
}
