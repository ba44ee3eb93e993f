package io.heartbeat.consumer.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's HTTP client of a running consumer: sends requests with or without credentials and reads the JSON back.
 */
final class ApiClient {

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    private final int port;

    ApiClient(int port) {
        this.port = port;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {@code path}; {@code authorization} is the header's value, or {@code null} for none. */
    Response get(String path, String authorization) {
        return send(request(path, authorization).GET());
    }

    /** POST {@code body} (JSON, or {@code null} for no body) to {@code path}. */
    Response post(String path, String authorization, String body) {
        HttpRequest.Builder request = request(path, authorization);
        if (body == null) {
            return send(request.POST(HttpRequest.BodyPublishers.noBody()));
        }
        return send(request.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * {@code method} {@code path} with exactly the {@code headers} given (none added) and {@code body}
     * ({@code null} for none): the requests a browser would send.
     */
    Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = request(path, null);
        headers.forEach(request::header);
        return send(request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code text} read as JSON, to compare with what came back. */
    JsonNode json(String text) {
        return this.json.readTree(text);
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = contentType.contains("json") ? this.json.readTree(response.body()) : null;
            return new Response(response.statusCode(), contentType, response.headers().allValues("WWW-Authenticate"),
                    body, response.body(), response.headers().map());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Request failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    /**
     * What came back: status, content type, WWW-Authenticate challenges, the body as JSON (if it was) and as text,
     * and every header (names in lower case).
     */
    record Response(int status, String contentType, List<String> challenges, JsonNode json, String text,
            Map<String, List<String>> headers) {
    }
}
