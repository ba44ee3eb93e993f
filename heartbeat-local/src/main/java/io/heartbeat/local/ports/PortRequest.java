package io.heartbeat.local.ports;

import java.util.Optional;

/**
 * A port one of the launcher's servers should listen on, whether the user chose it, and, once {@link #choose
 * checked} before anything starts, whether it moved: a chosen port is kept or the run stops, a default one may move
 * when it is taken.
 *
 * @param port the port; 0 for any free one, which the server picks
 * @param explicit whether an option or environment variable set it
 * @param moved whether the port is taken and the server listens elsewhere
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

    /**
     * What to do about this port: keep it when free (or 0); fail when the user chose it and it is taken; move it
     * when it is the default and taken.
     * @param server what wanted the port, for the message (e.g. "Kafka")
     * @param remedy what the user can do about a chosen port that is taken
     */
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

    /**
     * The port for a server that cannot pick its own: this one, or one free right now when it moved. Call it just
     * before the server binds: another program may take the port in between.
     */
    public int pickNow() {
        return this.moved ? LocalPorts.anyFree() : this.port;
    }

    /** The port for a server that picks a free one itself when given 0 (an HTTP server): no race at all. */
    public int orAnyForServer() {
        return this.moved ? 0 : this.port;
    }

    /**
     * The start-up line saying where {@code server} listens instead, when the port moved.
     * @param server what listens, e.g. "the embedded PostgreSQL"
     * @param actual the port it really listens on
     */
    public Optional<String> movedLine(String server, int actual) {
        return this.moved ? Optional.of("heartbeat-local: port " + this.port + " is in use; " + server
                + " listens on " + actual + " instead") : Optional.empty();
    }
}
