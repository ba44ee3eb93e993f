package io.heartbeat.local.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Requests to a service's HTTP port on this host: its actuator endpoints, and the consumer's API.
 */
final class LocalHttp {

    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalHttp() {
    }

    static HttpResponse<String> get(int port, String path) {
        return send(request(port, path).GET().build());
    }

    /**
     * A POST with basic authentication, as the API requires it with those: a JSON body naming {@code user} as the
     * operator.
     */
    static HttpResponse<String> post(int port, String path, String user, String password) {
        return send(request(port, path).header("Authorization", basic(user, password))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"" + user + "\"}")).build());
    }

    /** A GET with basic authentication. */
    static HttpResponse<String> get(int port, String path, String user, String password) {
        return send(request(port, path).header("Authorization", basic(user, password)).GET().build());
    }

    /** The status of a GET, or 0 while nothing answers on the port. */
    static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        }
        catch (UncheckedIOException ex) {
            return 0;
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
