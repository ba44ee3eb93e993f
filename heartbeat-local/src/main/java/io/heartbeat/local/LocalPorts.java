package io.heartbeat.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Checks the ports the launcher's servers will listen on, so a taken port fails in one line before anything starts.
 */
public final class LocalPorts {

    private LocalPorts() {
    }

    /**
     * Fails with {@link PortInUseException} when {@code port} cannot be bound on the loopback address.
     * @param server what wanted the port, for the message (e.g. "Kafka")
     * @param port the port
     * @param remedy what the user can do about it
     */
    public static void requireFree(String server, int port, String remedy) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        }
        catch (IOException ex) {
            throw new PortInUseException(server + " cannot listen on localhost:" + port
                    + ": the port is already in use (" + remedy + ")");
        }
    }

    /** A port nothing listens on right now; for servers whose port nobody needs to know in advance. */
    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("No free local port", ex);
        }
    }

    /** A port the launcher needs is taken; its message is the one line the user sees. */
    public static final class PortInUseException extends IllegalStateException {

        PortInUseException(String message) {
            super(message);
        }
    }
}
