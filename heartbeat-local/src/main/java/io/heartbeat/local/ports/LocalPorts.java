package io.heartbeat.local.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks the launcher's ports before anything starts, so a taken one fails in one line (or, a default, moves). */
public final class LocalPorts {

    private static final int MAX_ATTEMPTS = 1000;

    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private LocalPorts() {
    }

    /** Fails with the one line the user sees, naming {@code server} (e.g. "Kafka") and the {@code remedy}. */
    public static void requireFree(String server, int port, String remedy) {
        if (!isFree(port)) {
            throw new IllegalStateException(server + " cannot listen on localhost:" + port
                    + ": the port is already in use (" + remedy + ")");
        }
    }

    /** Whether the servers could bind {@code port}, as local-mode.md, "Ports", says (SO_REUSEADDR, both addresses). */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /**
     * A free port this process has not handed out before: one stays free until its server binds it, and the broker and
     * controller listeners of one Kafka once got the same port that way.
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
