package io.countersign.dashboards.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An HTTP client with its own cookie jar, standing in for one person's browser session in API tests. */
final class Browser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http;

    Browser(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Browser signedIn(URI base, String user, String password) throws Exception {
        Browser b = new Browser(base);
        HttpResponse<String> r = b.form("/login", "username=" + enc(user) + "&password=" + enc(password) + "&next=%2F");
        // The tests share one dashboards server and all sign in from 127.0.0.1, so together they can exceed the
        // sign-in throttle's burst; like a person, wait as long as Retry-After says and try again.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (r.statusCode() == 429 && System.nanoTime() < deadline) {
            long seconds = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
            r = b.form("/login", "username=" + enc(user) + "&password=" + enc(password) + "&next=%2F");
        }
        if (r.statusCode() != 303 || !"/".equals(r.headers().firstValue("Location").orElse(""))) {
            throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.headers().map());
        }
        return b;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postWithOrigin(String path, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code body} as {@code contentType}; {@code origin} (null: none) as a browser would send it. */
    HttpResponse<String> post(String path, String contentType, byte[] body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> form(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode parse(String body) throws Exception {
        return JSON.readTree(body);
    }
}
