package io.heartbeat.local.ports;

import java.util.Optional;

/**
 * What the launcher does about one port, decided before anything starts: listen on the requested port, or, when
 * that was only the default and another program has it, on another one.
 *
 * @param requested the port asked for (0: any free one, which the server picks)
 * @param moved whether the requested port is taken and the server listens elsewhere
 */
public record PortChoice(int requested, boolean moved) {

    /**
     * The port for a server that cannot pick its own: the requested one, or one free right now when it moved. Call it
     * just before the server binds: another program may take the port in between.
     */
    public int pickNow() {
        return this.moved ? LocalPorts.anyFree() : this.requested;
    }

    /** The port for a server that picks a free one itself when given 0 (an HTTP server): no race at all. */
    public int orAnyForServer() {
        return this.moved ? 0 : this.requested;
    }

    /**
     * The start-up line saying where {@code server} listens instead, when the port moved.
     * @param server what listens, e.g. "the embedded PostgreSQL"
     * @param actual the port it really listens on
     */
    public Optional<String> movedLine(String server, int actual) {
        return this.moved ? Optional.of("heartbeat-local: port " + this.requested + " is in use; " + server
                + " listens on " + actual + " instead") : Optional.empty();
    }
}
