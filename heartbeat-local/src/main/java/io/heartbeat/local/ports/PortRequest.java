package io.heartbeat.local.ports;

import java.util.Optional;

/**
 * A port a launcher's server should listen on (0: any); a chosen one is kept, a taken default moves: local-mode.md,
 * "Ports".
 */
public record PortRequest(int port, boolean explicit, boolean moved) {

    /** The built-in default, which moves to a free port when another program has it. */
    public static PortRequest byDefault(int port) {
        return new PortRequest(port, false, false);
    }

    /** A port the user set, which never moves. */
    public static PortRequest explicit(int port) {
        return new PortRequest(port, true, false);
    }

    /** Checks the port before anything starts; {@code server} and {@code remedy} go into the one-line error. */
    public PortRequest choose(String server, String remedy) {
        if (this.port == 0) {
            return this;
        }
        if (this.explicit) {
            LocalPorts.requireFree(server, this.port, remedy);
            return this;
        }
        return new PortRequest(this.port, false, !LocalPorts.isFree(this.port));
    }

    /** For a server that cannot pick its own; call it just before it binds: another program may take it meanwhile. */
    public int pickNow() {
        return this.moved ? LocalPorts.anyFree() : this.port;
    }

    /** The port for a server that picks a free one itself when given 0 (an HTTP server): no race at all. */
    public int orAnyForServer() {
        return this.moved ? 0 : this.port;
    }

    /** The start-up line saying where {@code server}, e.g. "the embedded PostgreSQL", listens instead, if moved. */
    public Optional<String> movedLine(String server, int actual) {
        return this.moved ? Optional.of("heartbeat-local: port " + this.port + " is in use; " + server
                + " listens on " + actual + " instead") : Optional.empty();
    }
}
