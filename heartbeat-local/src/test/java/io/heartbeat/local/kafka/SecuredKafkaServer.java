package io.heartbeat.local.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The launcher's Kafka server as a managed cluster runs it: a SASL_SSL listener (SASL/PLAIN logins over TLS, with a
 * certificate for localhost that only {@link #trustStore(Path)} trusts) and Kafka's ACL authorizer. Its PLAINTEXT
 * listener, for the tests' own clients, is the super user (ANONYMOUS).
 */
public final class SecuredKafkaServer {

    /** The password of the key store and of the trust store. */
    public static final String STORE_PASSWORD = "store-secret";

    private static final String LISTENER = "SASL_SSL";

    private SecuredKafkaServer() {
    }

    /**
     * Starts a server with its data and stores under {@code directory}, its PLAINTEXT listener on {@code port} and
     * its SASL_SSL listener on {@code saslPort}, taking {@code users} (name to password) there.
     */
    public static EmbeddedKafkaServer start(Path directory, int port, int saslPort, Map<String, String> users) {
        Path keyStore = directory.resolve("broker.p12");
        createStores(keyStore, trustStore(directory));
        String secured = LISTENER + "://localhost:" + saslPort;
        String jaas = users.entrySet().stream()
            .map((user) -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
            .collect(Collectors.joining(" ", "org.apache.kafka.common.security.plain.PlainLoginModule required ", ";"));
        return EmbeddedKafkaServer.start(directory.resolve("kafka"), port, (properties) -> {
            properties.put("listeners", properties.getProperty("listeners") + "," + secured);
            properties.put("advertised.listeners", properties.getProperty("advertised.listeners") + "," + secured);
            properties.put("listener.security.protocol.map",
                    properties.getProperty("listener.security.protocol.map") + "," + LISTENER + ":" + LISTENER);
            properties.put("sasl.enabled.mechanisms", "PLAIN");
            properties.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas);
            properties.put("ssl.keystore.location", keyStore.toString());
            properties.put("ssl.keystore.type", "PKCS12");
            properties.put("ssl.keystore.password", STORE_PASSWORD);
            properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            properties.put("super.users", "User:ANONYMOUS");
        });
    }

    /** The PKCS12 trust store that holds the server's certificate, and only that. */
    public static Path trustStore(Path directory) {
        return directory.resolve("trust.p12");
    }

    // A self-signed certificate for localhost, made by the JDK's keytool, and a trust store of it alone.
    private static void createStores(Path keyStore, Path trustStore) {
        Path certificate = keyStore.resolveSibling("broker.crt");
        keytool(keyStore, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12");
        keytool(keyStore, "-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-file",
                certificate.toString());
        keytool(keyStore, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12");
    }

    private static void keytool(Path keyStore, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", STORE_PASSWORD));
        try {
            Files.createDirectories(keyStore.getParent());
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
