package io.heartbeat.local.postgres;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * This machine's PostgreSQL archive in the jar, or the one-line stop; zonky's resolver would log its failure and warn
 * about Rosetta on Macs (decisions.md, "Local jar: PostgreSQL binaries for every developer platform, in one jar").
 */
public final class PostgresBinaries {

    private final Platform platform;

    private final ClassLoader classLoader;

    PostgresBinaries(Platform platform, ClassLoader classLoader) {
        this.platform = platform;
        this.classLoader = classLoader;
    }

    /** The binaries for the machine this JVM runs on, as {@code os.name} and {@code os.arch} describe it. */
    public static PostgresBinaries forThisMachine() {
        // Alpine's musl cannot run the glibc binaries, which would fail deep inside initdb.
        boolean alpine = Files.exists(Path.of("/etc/alpine-release"));
        return new PostgresBinaries(new Platform(System.getProperty("os.name"), System.getProperty("os.arch"),
                alpine), PostgresBinaries.class.getClassLoader());
    }

    /** The archive for this platform; when the jar has none, fails with the one line the user sees. */
    public URL require() {
        for (String name : this.platform.archiveNames()) {
            URL archive = this.classLoader.getResource(name);
            if (archive != null) {
                return archive;
            }
        }
        throw new IllegalStateException("no embedded PostgreSQL for " + this.platform.displayName()
                + " in this jar; set POSTGRES_HOST to use a PostgreSQL you run");
    }

    /** zonky's hook for where the binaries come from: this platform's archive, whatever zonky detected. */
    PgBinaryResolver resolver() {
        return (system, machineHardware) -> require().openStream();
    }

    /** A machine, as {@code os.name} and {@code os.arch} name it; Alpine's musl cannot run the jar's binaries. */
    public record Platform(String osName, String osArch, boolean alpine) {

        /** The archives that would serve this platform, in the order to try them. */
        List<String> archiveNames() {
            String system = system();
            String architecture = architecture();
            if (system == null || this.alpine) {
                return List.of();
            }
            String own = "postgres-" + system + "-" + architecture + ".txz";
            // zonky's macOS archives hold universal binaries: the x86_64 one runs natively on Apple silicon too.
            return system.equals("darwin") ? List.of(own, "postgres-darwin-x86_64.txz") : List.of(own);
        }

        /** How the one-line error names the platform, e.g. "macOS aarch64". */
        String displayName() {
            String system = system();
            String name = (system == null) ? this.osName
                    : switch (system) {
                        case "darwin" -> "macOS";
                        case "windows" -> "Windows";
                        default -> "Linux";
                    };
            return (this.alpine ? "Alpine " : "") + name + " " + this.osArch;
        }

        private String system() {
            String name = this.osName.toLowerCase(Locale.ROOT);
            if (name.startsWith("linux")) {
                return "linux";
            }
            if (name.startsWith("mac")) {
                return "darwin";
            }
            return name.startsWith("windows") ? "windows" : null;
        }

        // The architecture names of zonky's archives (its ArchUtils), for the architectures it publishes binaries of.
        private String architecture() {
            String arch = this.osArch.toLowerCase(Locale.ROOT);
            return switch (arch) {
                case "amd64", "x86_64", "x64" -> "x86_64";
                case "aarch64", "arm64" -> "arm_64";
                default -> arch;
            };
        }
    }
}
