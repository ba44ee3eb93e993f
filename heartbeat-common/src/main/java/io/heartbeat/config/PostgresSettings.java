package io.heartbeat.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where PostgreSQL is and how to log in (POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER,
 * POSTGRES_PASSWORD, DB_POOL_SIZE).
 */
@Validated
@ConfigurationProperties("heartbeat.postgres")
public record PostgresSettings(
        @DefaultValue("localhost") @NotBlank String host,
        @DefaultValue("5432") @Min(1) @Max(65535) int port,
        @DefaultValue("heartbeat_db") @NotBlank String database,
        @DefaultValue("heartbeat_user") @NotBlank String user,
        @DefaultValue("heartbeat_pass") String password,
        @DefaultValue("10") @Min(1) @Max(200) int poolSize) {

    /** The JDBC URL, its database name percent-encoded, since pgjdbc decodes it ({@code +} is a space to it). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + this.host + ":" + this.port + "/"
                + URLEncoder.encode(this.database, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + this.user + "@" + this.host + ":" + this.port + "/" + this.database + "]";
    }
}
