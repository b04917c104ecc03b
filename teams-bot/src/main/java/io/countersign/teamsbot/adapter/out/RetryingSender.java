package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Sends one HTTP request with bounded retries: 429, 5xx and network failures are retried with exponential
 * backoff (doubling from {@code baseDelay}, capped at {@code maxDelay}), waiting at least what a
 * {@code Retry-After} header asks (seconds or an HTTP date, also capped); other answers return at once.
 * After {@code maxAttempts} it gives up with a {@link ConnectorException}. Logs the operation and status only.
 */
final class RetryingSender {

    /** Waits; the JDK's sleep in production, a recorder in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;

    RetryingSender(HttpClient http, Sleeper sleeper, int maxAttempts, Duration baseDelay, Duration maxDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.http = http;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** The first answer that is neither 429 nor 5xx; a ConnectorException when every attempt was. */
    HttpResponse<byte[]> send(String operation, Supplier<HttpRequest> request) throws ConnectorException, InterruptedException {
        Duration delay = baseDelay;
        int lastStatus = 0;
        String lastCode = null;
        for (int attempt = 1; ; attempt++) {
            Duration wait = delay;
            try {
                HttpResponse<byte[]> response = http.send(request.get(), HttpResponse.BodyHandlers.ofByteArray());
                lastStatus = response.statusCode();
                if (lastStatus != 429 && lastStatus < 500) {
                    return response;
                }
                lastCode = errorCode(response.body());
                Duration asked = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (asked != null && asked.compareTo(wait) > 0) {
                    wait = asked;
                }
            } catch (IOException e) {
                lastStatus = 0;
                lastCode = null;
                LOG.debug("{}: {}", operation, e.toString());
            }
            if (attempt >= maxAttempts) {
                throw new ConnectorException(operation, lastStatus, lastCode);
            }
            wait = wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
            LOG.info("{}: {} on attempt {} of {}, retrying in {} ms", operation, lastStatus == 0 ? "no answer" : "HTTP " + lastStatus,
                    attempt, maxAttempts, wait.toMillis());
            sleeper.sleep(wait);
            delay = delay.multipliedBy(2);
        }
    }

    /** The Bot Connector's {@code error.code} or the token endpoint's {@code error}, or null. */
    static String errorCode(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode code = node == null ? null : node.path("error").isObject() ? node.path("error").get("code") : node.get("error");
            return code != null && code.isTextual() && code.asText().length() <= 100 ? code.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code Retry-After} as a delay: delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
