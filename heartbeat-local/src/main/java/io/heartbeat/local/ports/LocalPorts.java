package io.heartbeat.local.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the ports the launcher's servers will listen on, so a taken port fails in one line before anything starts,
 * or, when it was only the default, moves.
 */
public final class LocalPorts {

    private static final int MAX_ATTEMPTS = 1000;

    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private LocalPorts() {
    }

    /**
     * Fails with an {@link IllegalStateException}, whose message is the one line the user sees, when {@code port}
     * is not {@link #isFree free}.
     * @param server what wanted the port, for the message (e.g. "Kafka")
     * @param port the port
     * @param remedy what the user can do about it
     */
    public static void requireFree(String server, int port, String remedy) {
        if (!isFree(port)) {
            throw new IllegalStateException(server + " cannot listen on localhost:" + port
                    + ": the port is already in use (" + remedy + ")");
        }
    }

    /**
     * Whether {@code port} can be bound on the loopback address (where PostgreSQL and Kafka listen) and on the
     * wildcard one (where the HTTP servers do), the way those servers bind: with {@code SO_REUSEADDR}, so connections
     * of a launcher that just stopped do not count as a program using the port.
     */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /**
     * A port nothing listens on right now and that this process has not handed out before; for servers whose port
     * nobody needs to know in advance. A port handed out stays free until its server binds it, so the system may offer
     * it again meanwhile: the broker and controller listeners of one Kafka once got the same port that way.
     */
    public static int anyFree() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = anyUnbound();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free local port that was not handed out already, in " + MAX_ATTEMPTS
                + " attempts");
    }

    private static int anyUnbound() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("No free local port", ex);
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address, 1);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
