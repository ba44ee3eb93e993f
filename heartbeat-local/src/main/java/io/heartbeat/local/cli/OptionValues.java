package io.heartbeat.local.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/** One {@code --name=value} argument and the checks values share, failing with the one line the user sees. */
public record OptionValues(String name, String value) {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Splits {@code --name=value}. */
    public static OptionValues of(String argument) {
        int equals = argument.indexOf('=');
        return (equals > 0) ? new OptionValues(argument.substring(0, equals), argument.substring(equals + 1))
                : new OptionValues(argument, null);
    }

    /** The value, which must be there; {@code example} shows how. */
    public String required(String example) {
        if (this.value == null || this.value.isBlank()) {
            throw new InvalidOptionException(this.name + " needs a value, e.g. " + this.name + "=" + example);
        }
        return this.value;
    }

    /** A duration of at least a millisecond, in Boot's styles; the first of {@code examples} shows a missing value. */
    public Duration positiveDuration(String examples) {
        String text = required(examples.split(",")[0].strip());
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text, ChronoUnit.SECONDS);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidOptionException(this.name + "=" + text + " is not a duration (e.g. " + examples + ")");
        }
        if (duration.toMillis() < 1) {
            throw new InvalidOptionException(this.name + "=" + text + " must be longer than zero");
        }
        return duration;
    }

    /**
     * An IP literal of this machine, or the wildcard: a host name's resolution may give another address than meant
     * (local-mode.md, "Addresses: this machine only").
     */
    public InetAddress localAddress(String examples) {
        String text = required(examples.split(",")[0].strip());
        InetAddress address = null;
        if (IPV4.matcher(text).matches() || IPV6.matcher(text).matches()) {
            try {
                // A literal: parsed, never looked up.
                address = InetAddress.getByName(text);
            }
            catch (UnknownHostException ex) {
                // reported below
            }
        }
        if (address == null) {
            throw new InvalidOptionException(this.name + "=" + text + " is not an IP address (e.g. " + examples + ")");
        }
        if (!address.isAnyLocalAddress() && !isOfThisMachine(address)) {
            throw new InvalidOptionException(this.name + "=" + text + " is not an address of this machine (e.g. "
                    + examples + ")");
        }
        return address;
    }

    private static boolean isOfThisMachine(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        }
        catch (SocketException ex) {
            return false;
        }
    }
}
