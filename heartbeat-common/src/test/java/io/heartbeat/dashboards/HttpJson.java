package io.heartbeat.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one server of the compose stack (Grafana with its admin login, or Prometheus without one).
 */
final class HttpJson {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final String baseUrl;

    private final String authorization;

    private HttpJson(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    static HttpJson of(String baseUrl) {
        return new HttpJson(baseUrl, null);
    }

    static HttpJson withBasicAuth(String baseUrl, String user, String password) {
        String credentials = user + ":" + password;
        return new HttpJson(baseUrl,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /** A GET that must answer 200. */
    JsonNode get(String path) {
        Response response = send(request(path).GET());
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** A POST of a JSON body; the status is the caller's to judge (/api/ds/query answers 400 for a failed query). */
    Response post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT)
            .header("Accept", "application/json");
        return (this.authorization != null) ? request.header("Authorization", this.authorization) : request;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A status and a body. */
    record Response(int status, String body) {

        JsonNode json() {
            return JsonMapper.shared().readTree(this.body);
        }
    }
}
