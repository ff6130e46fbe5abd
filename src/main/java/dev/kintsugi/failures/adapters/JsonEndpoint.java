package dev.kintsugi.failures.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A JSON-over-HTTP endpoint the user configured (a chat model, an image generator): POSTs a JSON body and
 * returns the parsed JSON answer. Every failure (unreachable, timeout, HTTP error, non-JSON answer) becomes one
 * line naming the endpoint; the address is shown without user info or query, and the API key, if any, is
 * sent only in the Authorization header and scrubbed from anything the server sends back.
 */
final class JsonEndpoint {
    private static final int SNIPPET = 160;

    private final URI uri;
    private final Duration timeout;
    private final ApiKey key;
    private final HttpClient client;

    /** {@code key} may be null for endpoints that need none (a local server). */
    JsonEndpoint(URI uri, Duration timeout, ApiKey key) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new KintsugiException("not an http(s) address: " + shown(uri));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new KintsugiException("the timeout for " + shown(uri) + " must be positive");
        }
        this.uri = uri;
        this.timeout = timeout;
        this.key = key;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The address as it may be shown and recorded: no user info, no query. */
    String shown() {
        return shown(uri);
    }

    JsonNode post(Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(body)));
        if (key != null) {
            request.header("Authorization", key.bearer());
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() / 100 != 2) {
            throw new KintsugiException(shown() + " answered HTTP " + response.statusCode()
                    + (response.body().isBlank() ? "" : ": " + safe(response.body())));
        }
        try {
            return Json.mapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new KintsugiException(shown() + " answered something that is not JSON: " + safe(response.body()), e);
        }
    }

    /**
     * Sends {@code request}, once more if the connection broke before an answer came: a server may close a
     * kept-alive connection just as the client reuses it. Timeouts and refused connections are not retried.
     */
    private HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException | ConnectException e) {
                throw e;
            } catch (IOException e) {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (HttpTimeoutException e) {
            throw new KintsugiException(shown() + " did not answer within " + seconds() + " (timeout)", e);
        } catch (ConnectException e) {
            throw new KintsugiException("cannot reach " + shown() + " (connection refused or unreachable)", e);
        } catch (IOException e) {
            throw new KintsugiException("cannot talk to " + shown() + " (" + safe(e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KintsugiException("interrupted while waiting for " + shown(), e);
        }
    }

    /** One line of at most {@link #SNIPPET} characters, with the key scrubbed. */
    String safe(String text) {
        String s = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (key != null) {
            s = key.scrub(s);
        }
        return s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s;
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /**
     * {@code url} with {@code path} appended, unless its path already ends with it (trailing slashes aside);
     * a query string stays at the end.
     */
    static URI withPath(URI url, String path) {
        String s = url.toString();
        int q = s.indexOf('?');
        String head = (q < 0 ? s : s.substring(0, q)).replaceAll("/+$", "");
        return head.endsWith(path) ? url : URI.create(head + path + (q < 0 ? "" : s.substring(q)));
    }

    static String shown(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
