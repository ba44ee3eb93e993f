package io.heartbeat.local.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PostmasterPidTests {

    private static final long STARTED = 1_796_393_488L;

    @TempDir
    Path dataDir;

    @Test
    void readsTheLinesPostgresWrites() throws Exception {
        // As PostgreSQL 16 wrote it for a server of heartbeat-local.
        Files.writeString(this.dataDir.resolve("postmaster.pid"), "25132\n" + this.dataDir + "\n" + STARTED
                + "\n25432\n/tmp\nlocalhost\n  2154767    131098\nready   \n");

        assertThat(PostmasterPid.read(this.dataDir)).contains(new PostmasterPid(this.dataDir.resolve("postmaster.pid"),
                25132, this.dataDir.toString(), STARTED, 25432));
    }

    @Test
    void aMissingOrHalfWrittenFileNamesNoServer() throws Exception {
        assertThat(PostmasterPid.read(this.dataDir)).isEmpty();
        Files.writeString(this.dataDir.resolve("postmaster.pid"), "25132\n" + this.dataDir + "\n");
        assertThat(PostmasterPid.read(this.dataDir)).isEmpty();
    }

    @Test
    void isRunByThePostgresOfThisDirectoryThatStartedThen() {
        assertThat(pidFile().isRunBy(info("/tmp/embedded-pg/PG-1/bin/postgres", STARTED, "-D", this.dataDir
                .toString(), "-p", "25432"), this.dataDir)).isTrue();
        // What the platform does not report is not compared.
        assertThat(pidFile().isRunBy(new Info(Optional.of("/opt/pg/bin/postgres"), Optional.empty(),
                Optional.empty()), this.dataDir)).isTrue();
    }

    @Test
    void aReusedPidIsAnotherProgramAndIsNeverTakenForTheServer() {
        assertThat(pidFile().isRunBy(info("/usr/bin/bash", STARTED), this.dataDir)).as("another program").isFalse();
        assertThat(pidFile().isRunBy(info("/tmp/embedded-pg/PG-1/bin/postgres", STARTED + 3600, "-D",
                this.dataDir.toString()), this.dataDir)).as("a later postgres").isFalse();
        assertThat(pidFile().isRunBy(info("/tmp/embedded-pg/PG-1/bin/postgres", STARTED, "-D", "/elsewhere"),
                this.dataDir)).as("a postgres of another directory").isFalse();
        assertThat(pidFile().isRunBy(new Info(Optional.empty(), Optional.empty(), Optional.empty()), this.dataDir))
            .as("a process the platform says nothing about").isFalse();
    }

    private PostmasterPid pidFile() {
        return new PostmasterPid(this.dataDir.resolve("postmaster.pid"), 25132, this.dataDir.toString(), STARTED,
                25432);
    }

    private static Info info(String command, long startedAt, String... arguments) {
        return new Info(Optional.of(command), Optional.of(arguments),
                Optional.of(Instant.ofEpochSecond(startedAt).plusMillis(690)));
    }

    private record Info(Optional<String> command, Optional<String[]> arguments, Optional<Instant> startInstant)
            implements ProcessHandle.Info {

        @Override
        public Optional<String> commandLine() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> totalCpuDuration() {
            return Optional.empty();
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }
}
