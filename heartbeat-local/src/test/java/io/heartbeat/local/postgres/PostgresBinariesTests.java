package io.heartbeat.local.postgres;

import java.net.URL;
import java.net.URLClassLoader;

import io.heartbeat.local.postgres.PostgresBinaries.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which archive each machine gets, against the binaries on this module's classpath: the same dependencies the jar
 * carries.
 */
class PostgresBinariesTests {

    private static final ClassLoader JAR = PostgresBinariesTests.class.getClassLoader();

    // A class loader that sees nothing: a jar built without binaries for the machine.
    private static final ClassLoader NO_BINARIES = new URLClassLoader(new URL[0], null);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            Linux,      amd64,   postgres-linux-x86_64.txz
            Linux,      aarch64, postgres-linux-arm_64.txz
            Mac OS X,   x86_64,  postgres-darwin-x86_64.txz
            Mac OS X,   aarch64, postgres-darwin-x86_64.txz
            Windows 11, amd64,   postgres-windows-x86_64.txz
            Windows 10, amd64,   postgres-windows-x86_64.txz
            """)
    void theJarCarriesBinariesForTheMachinesDevelopersUse(String osName, String osArch, String archive) {
        URL found = new PostgresBinaries(new Platform(osName, osArch, false), JAR).require();

        assertThat(found.toString()).endsWith("!/" + archive);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            Linux,    ppc64le, Linux ppc64le
            Linux,    arm,     Linux arm
            FreeBSD,  amd64,   FreeBSD amd64
            """)
    void aMachineWithoutBinariesInTheJarStopsWithOneLine(String osName, String osArch, String named) {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new PostgresBinaries(new Platform(osName, osArch, false), JAR).require())
                .withMessage("no embedded PostgreSQL for " + named
                        + " in this jar; set POSTGRES_HOST to use a PostgreSQL you run");
    }

    @Test
    void alpineLinuxHasNoneItsMuslCouldRun() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new PostgresBinaries(new Platform("Linux", "amd64", true), JAR).require())
                .withMessage("no embedded PostgreSQL for Alpine Linux amd64 in this jar; set POSTGRES_HOST to use a"
                        + " PostgreSQL you run");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            Mac OS X,   aarch64, macOS aarch64
            Mac OS X,   x86_64,  macOS x86_64
            Linux,      amd64,   Linux amd64
            Linux,      aarch64, Linux aarch64
            Windows 11, amd64,   Windows amd64
            """)
    void namesThePlatformWhenAJarWasBuiltWithoutItsBinaries(String osName, String osArch, String named) {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new PostgresBinaries(new Platform(osName, osArch, false), NO_BINARIES).require())
                .withMessage("no embedded PostgreSQL for " + named
                        + " in this jar; set POSTGRES_HOST to use a PostgreSQL you run");
    }
}
