package io.heartbeat.local.ports;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPortsTests {

    /**
     * Nothing binds the ports in between, as when a broker's two listeners are picked before it starts: the system
     * offers a port it offered before after a few hundred calls, which this process must not hand out again.
     */
    @Test
    void aPortHandedOutIsNotHandedOutAgainBeforeItIsBound() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ports.add(LocalPorts.anyFree());
        }
        assertThat(ports).hasSize(2000);
    }
}
