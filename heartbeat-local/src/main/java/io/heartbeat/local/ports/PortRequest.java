package io.heartbeat.local.ports;

/**
 * A port one of the launcher's servers should listen on, and whether the user chose it: a chosen port is kept or
 * the run stops, a default one may move when it is taken.
 *
 * @param port the port; 0 for any free one
 * @param explicit whether an option or environment variable set it
 */
public record PortRequest(int port, boolean explicit) {

    /** The built-in default, which moves to a free port when another program has it. */
    public static PortRequest byDefault(int port) {
        return new PortRequest(port, false);
    }

    /** A port the user set, which never moves. */
    public static PortRequest explicit(int port) {
        return new PortRequest(port, true);
    }
}
