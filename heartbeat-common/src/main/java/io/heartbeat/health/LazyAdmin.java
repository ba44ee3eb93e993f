package io.heartbeat.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A health indicator's own Kafka admin client, created at its first use, so a context that is never asked (the
 * consumer's --init-db) never connects.
 */
public final class LazyAdmin implements AutoCloseable {

    private final Map<String, Object> settings;

    private Admin admin;

    /** A client of the service's admin settings under its own {@code client.id}. */
    public LazyAdmin(Map<String, Object> adminSettings, String clientId) {
        this.settings = new HashMap<>(adminSettings);
        this.settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    }

    /** The client, created now if this is its first use. */
    public synchronized Admin get() {
        if (this.admin == null) {
            this.admin = Admin.create(this.settings);
        }
        return this.admin;
    }

    @Override
    public synchronized void close() {
        if (this.admin != null) {
            this.admin.close(Duration.ofSeconds(1));
        }
    }
}
