package io.countersign.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Sends one logical gateway call with authentication, JSON encoding and retries. Retries happen on
 * 408/429/503 (the gateway did not process the request), on 502/504 and connection failures only for
 * idempotent calls (a lost response might hide a processed request), with {@link RetryPolicy} delays.
 */
final class Transport {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    private static final String USER_AGENT = "countersign-agent-sdk-java/0.1";

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;
    private final ExecutorService executor;
    private final Duration requestTimeout;
    private final RetryPolicy retry;

    Transport(URI baseUrl, String apiKey, HttpClient http, ExecutorService executor, Duration requestTimeout,
              RetryPolicy retry) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = http;
        this.executor = executor;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
    }

    /**
     * Performs the call and returns the parsed 2xx body.
     *
     * @param pathAndQuery starts with '/', resolved relative to the base URL so a path prefix is kept
     * @param body JSON body or null for GET
     * @param idempotencyKey sent as Idempotency-Key when not null
     * @param extraTimeout added to the request timeout (the long-poll wait), may be zero
     * @param idempotent whether repeating the call after a lost response is safe
     */
    JsonNode call(String method, String pathAndQuery, JsonNode body, String idempotencyKey, Duration extraTimeout,
                  boolean idempotent) {
        byte[] payload = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        String what = method + " " + pathAndQuery;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder req = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery.substring(1)))
                    .timeout(requestTimeout.plus(extraTimeout))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "application/json")
                    .header("User-Agent", USER_AGENT);
            if (idempotencyKey != null) {
                req.header("Idempotency-Key", idempotencyKey);
            }
            if (payload != null) {
                req.header("Content-Type", "application/json; charset=utf-8")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
            } else {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                String failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!idempotent || attempt > retry.maxRetries()) {
                    throw new CountersignException(redact(what + " to " + baseUrl + " failed after " + attempt
                            + " attempt(s): " + failure + (e instanceof ConnectException ? " (is the gateway running?)" : "")
                            + (idempotent ? "" : " (not retried: the gateway may have processed it)")), e);
                }
                pause(what, attempt, failure, retry.delay(attempt - 1, null));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CountersignException("interrupted during " + what, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(what, response);
            }
            if (retryable(status, idempotent) && attempt <= retry.maxRetries()) {
                Duration retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null));
                pause(what, attempt, "HTTP " + status, retry.delay(attempt - 1, retryAfter));
                continue;
            }
            throw error(what, response, attempt);
        }
    }

    /** Releases the HTTP client's threads; Java 11's HttpClient has no close() of its own. */
    void close() {
        executor.shutdownNow();
    }

    URI baseUrl() {
        return baseUrl;
    }

    private static boolean retryable(int status, boolean idempotent) {
        return status == 408 || status == 429 || status == 503 || (idempotent && (status == 502 || status == 504));
    }

    private void pause(String what, int attempt, String failure, Duration delay) {
        LOG.log(System.Logger.Level.DEBUG, () -> redact(what + " answered " + failure + "; retry " + attempt + " of "
                + retry.maxRetries() + " in " + delay.toMillis() + " ms"));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountersignException("interrupted while backing off before retrying " + what, e);
        }
    }

    private JsonNode parse(String what, HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new CountersignException(what + " answered " + response.statusCode() + " with a body that is not JSON"
                    + " (requestId " + response.headers().firstValue("X-Request-Id").orElse("none") + ")", e,
                    response.statusCode(), null, null, response.headers().firstValue("X-Request-Id").orElse(null));
        }
    }

    /** Maps an error response to the most specific exception, keeping the gateway's guidance in the message. */
    private CountersignException error(String what, HttpResponse<byte[]> response, int attempts) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            body = Json.MAPPER.createObjectNode();
        }
        String code = redact(Json.text(body, "error"));
        String message = redact(Json.text(body, "message"));
        String field = redact(Json.text(body, "field"));
        String requestId = Json.text(body, "requestId");
        String intentId = Json.text(body, "intentId");
        if (requestId == null) {
            requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        }
        StringBuilder sb = new StringBuilder(what).append(" answered HTTP ").append(status);
        if (code != null) {
            sb.append(' ').append(code);
        }
        sb.append(": ").append(message != null ? message : "no error message in the response");
        if (field != null) {
            sb.append(" (field ").append(field).append(')');
        }
        if (requestId != null) {
            sb.append(" [requestId ").append(requestId).append(']');
        }
        if (attempts > 1) {
            sb.append(" - gave up after ").append(attempts).append(" attempts");
        }
        String text = sb.toString();
        if (status == 401) {
            return new AuthenticationException(text, status, code, field, requestId);
        }
        if (status == 403) {
            return new PermissionDeniedException(text, status, code, field, requestId, intentId);
        }
        return new CountersignException(text, null, status, code, field, requestId, intentId);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so an id can never alter the path. */
    static String pathSegment(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** Belt and braces: a server or proxy echoing the key must not leak it into our messages or logs. */
    private String redact(String text) {
        return text == null ? null : text.replace(apiKey, "***");
    }
}
