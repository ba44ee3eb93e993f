package io.heartbeat.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP sockets that given processes listen on, and the address each is bound to, as the Linux kernel reports
 * them: {@code /proc/net/tcp} and {@code /proc/net/tcp6} list every socket with its local address, state and inode,
 * and {@code /proc/<pid>/fd} links each of a process's sockets by inode. Exact where it runs, and it runs only on
 * Linux: elsewhere it fails, naming the file it misses.
 */
public final class ListeningSockets {

    /** {@code TCP_LISTEN} in the kernel's {@code st} column. */
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /**
     * Every port the processes listen on, with the addresses bound on it, written as {@link #name(InetAddress)}
     * does; an IPv4 address a dual-stack socket binds ({@code ::ffff:127.0.0.1}) reads as the IPv4 one.
     */
    public static Map<Integer, Set<String>> of(Collection<Long> pids) {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            inodes.addAll(socketInodes(pid));
        }
        Map<Integer, Set<String>> listening = new TreeMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.strip().split("\\s+");
                if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    listening.computeIfAbsent(Integer.parseInt(local[1], 16), (port) -> new TreeSet<>())
                        .add(name(address(local[0])));
                }
            }
        }
        return listening;
    }

    /** {@code 127.0.0.1}, {@code ::1}, or {@code *} for the wildcard address (IPv4 or IPv6). */
    public static String name(InetAddress address) {
        return address.isAnyLocalAddress() ? "*" : address.getHostAddress().replace("0:0:0:0:0:0:0:1", "::1");
    }

    /** A process and every process it started, still running. */
    public static List<Long> withDescendants(long pid) {
        return Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
            .map(ProcessHandle::pid)).toList();
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                }
                catch (NoSuchFileException ex) {
                    // closed while listed
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list the sockets of process " + pid, ex);
        }
        return inodes;
    }

    /**
     * The kernel writes an address as its 32-bit words in host byte order, in hex: each word's bytes are reversed
     * on the little-endian machines this runs on (x86-64, arm64).
     */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            // An IPv4-mapped IPv6 address comes back as the IPv4 address.
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException("Not an address: " + hex, ex);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file + " (the bound addresses are read from Linux's /proc)",
                    ex);
        }
    }
}
