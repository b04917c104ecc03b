package io.countersign.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client for the Countersign ingest gateway: submit action intents, wait for verdicts, report
 * executions, or do all three around a piece of code with {@link #guard}. Thread-safe; create one per
 * process and close it on shutdown.
 *
 * <pre>{@code
 * try (Countersign cs = Countersign.connect(URI.create("http://127.0.0.1:8088"),
 *                                           System.getenv("COUNTERSIGN_API_KEY"))) {
 *     Rows rows = cs.guard(Intent.action("db.export")
 *                                .principal("user:alice@example.com")
 *                                .target("pg://crm/customers")
 *                                .build(),
 *                          () -> exportTable());
 * }
 * }</pre>
 *
 * <p>For finer control use {@link #builder()} (timeouts, retries) and {@link #submit(Intent)} with
 * {@link IntentHandle#awaitVerdict(Duration)}. The API key is never logged nor shown in messages.
 */
public final class Countersign implements AutoCloseable {
    /** Default time {@link #guard(Intent, Callable)} waits for a verdict; human review takes time. */
    public static final Duration DEFAULT_GUARD_TIMEOUT = Duration.ofMinutes(15);

    private final Transport transport;
    private final Duration pollPause;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Countersign(Transport transport, Duration pollPause) {
        this.transport = transport;
        this.pollPause = pollPause;
    }

    /** Connects with default timeouts and retries. Nothing is sent until the first call. */
    public static Countersign connect(URI baseUrl, String apiKey) {
        return builder().baseUrl(baseUrl).apiKey(apiKey).build();
    }

    /** Starts a builder for a client with custom timeouts and retries. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits an intent ({@code POST /v1/intents}). Retried safely: the intent's idempotency key makes
     * the gateway answer a repeat with the same intent id.
     */
    public IntentHandle submit(Intent intent) {
        Objects.requireNonNull(intent, "intent");
        JsonNode body = open().call("POST", "/v1/intents", Json.intentBody(intent), intent.idempotencyKey(),
                Duration.ZERO, true);
        String id = Json.text(body, "intentId");
        if (id == null || id.isBlank()) {
            throw new CountersignException("the gateway accepted " + intent + " but returned no intentId");
        }
        return new IntentHandle(this, id, pollPause);
    }

    /**
     * What this client's API key is ({@code GET /v1/me}): its agent, owner, roles and the principals it may name.
     *
     * @throws AuthenticationException if the gateway does not accept the key
     */
    public Caller caller() {
        return Json.caller(open().call("GET", "/v1/me", null, null, Duration.ZERO, true));
    }

    /** A handle for an intent submitted earlier (for example by another process), to check or await it. */
    public IntentHandle handle(String intentId) {
        return new IntentHandle(this, requireId(intentId), pollPause);
    }

    /** Reports the execution of an allowed intent ({@code POST /v1/intents/{id}/execution}). */
    public void reportExecution(String intentId, ExecutionStatus status, String executedHash,
                                List<String> outputDatasets, Long rowsAffected, String detail) {
        reportExecution(intentId, ExecutionReport.builder(status).executedHash(executedHash)
                .outputDatasets(outputDatasets).rowsAffected(rowsAffected).detail(detail).build());
    }

    /** Reports the execution of an allowed intent ({@code POST /v1/intents/{id}/execution}). */
    public void reportExecution(String intentId, ExecutionReport report) {
        Objects.requireNonNull(report, "report");
        // Not idempotent: after a lost response we cannot know whether the report was recorded.
        open().call("POST", "/v1/intents/" + Transport.pathSegment(requireId(intentId)) + "/execution",
                Json.executionBody(report), null, Duration.ZERO, false);
    }

    /** Same as {@link #guard(Intent, Duration, Callable)} with {@link #DEFAULT_GUARD_TIMEOUT}. */
    public <T> T guard(Intent intent, Callable<T> action) throws Exception {
        return guard(intent, DEFAULT_GUARD_TIMEOUT, action);
    }

    /**
     * Runs {@code action} only if the gateway allows {@code intent}: submits it, waits up to
     * {@code timeout} for the verdict, reports STARTED (with the verdict's intent hash), runs the action,
     * then reports SUCCEEDED or FAILED (with the exception class name only) and returns its result or
     * rethrows its exception unchanged.
     *
     * @throws IntentDeniedException if policy or approvers denied it, or it expired; the action did not run
     * @throws VerdictTimeoutException if no verdict arrived in time; the action did not run
     * @throws Exception whatever {@code action} throws
     */
    public <T> T guard(Intent intent, Duration timeout, Callable<T> action) throws Exception {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
        return Guard.run(this, intent, timeout, action);
    }

    /** Releases the HTTP client's threads. Further calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "Countersign{baseUrl=" + transport.baseUrl() + "}";
    }

    IntentState fetchState(String intentId, Duration wait) {
        String w = wait.toMillis() % 1000 == 0 ? wait.toSeconds() + "s" : wait.toMillis() + "ms";
        String path = "/v1/intents/" + Transport.pathSegment(intentId) + (wait.isZero() ? "" : "?wait=" + w);
        JsonNode body = open().call("GET", path, null, null, wait, true);
        return Json.intentState(body);
    }

    private Transport open() {
        if (closed.get()) {
            throw new IllegalStateException("this Countersign client is closed");
        }
        return transport;
    }

    private static String requireId(String intentId) {
        if (intentId == null || intentId.isBlank()) {
            throw new IllegalArgumentException("intentId must not be null or blank");
        }
        return intentId;
    }

    /** Builder for {@link Countersign}; {@code baseUrl} and {@code apiKey} are required. */
    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The gateway's base URL, for example {@code http://127.0.0.1:8088}. */
        public Builder baseUrl(URI baseUrl) { this.baseUrl = baseUrl; return this; }

        /** The agent's API key (typically from {@code COUNTERSIGN_API_KEY}); it identifies the agent. */
        public Builder apiKey(String apiKey) { this.apiKey = apiKey; return this; }

        /** Timeout of one HTTP request (a long-poll adds its wait on top); default 30 seconds. */
        public Builder requestTimeout(Duration timeout) { this.requestTimeout = positive(timeout, "requestTimeout"); return this; }

        /** How many times a failed request is retried (0 disables retries); default 5. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Backoff before the first retry, doubled on each retry (with full jitter); default 200 ms. */
        public Builder initialBackoff(Duration backoff) { this.initialBackoff = positive(backoff, "initialBackoff"); return this; }

        /** Upper bound of any backoff, including a server's Retry-After; default 10 seconds. */
        public Builder maxBackoff(Duration backoff) { this.maxBackoff = positive(backoff, "maxBackoff"); return this; }

        /** Builds the client; validates the settings without contacting the gateway. */
        public Countersign build() {
            if (baseUrl == null || baseUrl.getScheme() == null
                    || !("http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme()))) {
                throw new IllegalStateException("baseUrl must be an http(s) URI such as http://127.0.0.1:8088, got " + baseUrl);
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalStateException("apiKey is missing: set COUNTERSIGN_API_KEY or pass apiKey(..)");
            }
            if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalStateException("apiKey contains whitespace or non-ASCII characters; check how it was read");
            }
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalStateException("initialBackoff must not exceed maxBackoff");
            }
            // Trailing slash so relative resolution keeps any path prefix (a gateway behind a reverse proxy).
            URI base = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
            // Our own daemon threads, so close() can release them and they never keep the JVM alive.
            AtomicInteger n = new AtomicInteger();
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "countersign-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder().executor(executor)
                    .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? requestTimeout : Duration.ofSeconds(10))
                    .build();
            RetryPolicy retry = new RetryPolicy(maxRetries, initialBackoff, maxBackoff);
            return new Countersign(new Transport(base, apiKey, http, executor, requestTimeout, retry), initialBackoff);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration");
            }
            return d;
        }
    }
}
