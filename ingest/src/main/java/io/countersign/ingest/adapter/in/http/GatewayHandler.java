package io.countersign.ingest.adapter.in.http;

import io.countersign.http.RequestIds;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.RateLimiter;
import io.countersign.ingest.domain.Role;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The gateway's front door: gives every request an id (echoed in {@code X-Request-Id} and in every log
 * line through the MDC), authenticates the bearer key, applies the per-credential rate limit and the
 * body size limit, routes, and turns every failure into a JSON error — 4xx that say what to fix, 503
 * that say what is unavailable, and a bare 500 with the request id for anything else. With
 * {@code ingest.oidc}, a bearer JWT is an approver's access token ({@link TokenAuthentication}), not an API key.
 *
 * <p>The key is checked from the headers before a byte of the body is read; an unauthenticated request
 * is answered 401 at once and its connection closed, its body never read. Bodies are read by
 * {@link BodyReader}: without holding a thread while they arrive, and whole within {@code bodyTimeout}.
 */
public final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final Routes routes;
    private final ApiKeys keys;
    private final TokenAuthentication tokens;
    private final RateLimiter limiter;
    private final int maxBody;
    private final Duration bodyTimeout;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier ready;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** {@code tokens}: approvers' OIDC access tokens, or null when the gateway accepts API keys only. */
    public GatewayHandler(Routes routes, ApiKeys keys, TokenAuthentication tokens, RateLimiter limiter, int maxBody, Duration bodyTimeout,
                          PrometheusMeterRegistry metrics, BooleanSupplier ready) {
        this.routes = routes;
        this.keys = keys;
        this.tokens = tokens;
        this.limiter = limiter;
        this.maxBody = maxBody;
        this.bodyTimeout = bodyTimeout;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = RequestIds.of(request);
        long start = System.nanoTime();
        Exchange[] self = new Exchange[1];
        // Long-polls answer later than handle() returns, so latency is recorded when the response completes.
        Callback timed = Callback.from(() -> {
            record(self[0], start);
            callback.succeeded();
        }, failure -> {
            record(self[0], start);
            callback.failed(failure);
        });
        Exchange x = new Exchange(request, response, timed, requestId, request.getHttpURI().getPath());
        self[0] = x;
        MDC.put("requestId", requestId);
        try {
            String[] segments = Arrays.stream(x.path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
            if (!routes.open(x, segments, ready)) {
                if (Routes.selfAuthenticated(segments)) {
                    limit(x, "step-up:" + Request.getRemoteAddr(x.request));
                } else {
                    authenticate(x, segments);
                }
                if (needsBody(x)) {
                    readBody(x, segments);
                } else {
                    dispatch(x, segments, new byte[0]);
                }
            }
        } catch (RuntimeException e) {
            Failures.refused(x, e, 8L * maxBody, bodyTimeout);
        } finally {
            MDC.remove("requestId");
            MDC.remove("caller");
        }
        return true;
    }

    private void record(Exchange x, long start) {
        // Cached per (method, route, status): building and registering a timer per request is costly.
        timers.computeIfAbsent(x.method() + " " + x.route + " " + x.status(), k -> Timer.builder("http.server.requests")
                        .description("Gateway requests by route and status")
                        .tag("method", x.method()).tag("route", x.route).tag("status", String.valueOf(x.status())).register(metrics))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private boolean needsBody(Exchange x) {
        String m = x.method();
        return m.equals("POST") || m.equals("PUT");
    }

    private void readBody(Exchange x, String[] segments) {
        long declared = x.request.getLength();
        if (declared > maxBody) {
            throw new HttpProblem(413, "body_too_large", "the body is " + declared + " bytes; the limit is " + maxBody + " bytes");
        }
        if (!Json.isJson(x.header(HttpHeader.CONTENT_TYPE.asString()))) {
            throw new HttpProblem(415, "unsupported_media_type", "send the body as Content-Type: application/json (UTF-8)");
        }
        x.takeBody();
        BodyReader.read(x.request, maxBody, bodyTimeout).whenCompleteAsync((body, failure) -> Failures.answer(x, () -> {
            if (failure != null) {
                x.closeAfterAnswer(); // what is left of the body is not read
                throw BodyReader.cause(failure);
            }
            dispatch(x, segments, body);
        }), x.request.getComponents().getExecutor());
    }

    private void dispatch(Exchange x, String[] segments, byte[] body) {
        try {
            routes.route(x, segments, body);
        } catch (KafkaPublisher.UnavailableException e) {
            Failures.unavailable(x, e);
        }
    }

    private void authenticate(Exchange x, String[] segments) {
        String auth = x.header(HttpHeader.AUTHORIZATION.asString());
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"countersign\"");
            throw new HttpProblem(401, "unauthenticated", "send your API key as 'Authorization: Bearer <key>'; keys are made with `countersign keys create`");
        }
        if (tokens != null && TokenAuthentication.isToken(auth.substring(7))) {
            tokens.authenticate(x, auth.substring(7), segments);
        } else {
            x.caller = keys.authenticate(auth.substring(7)).orElseThrow(() -> {
                x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"countersign\", error=\"invalid_token\"");
                return new HttpProblem(401, "unauthenticated", "the API key is not valid (unknown or revoked); check the key or ask for a new one");
            });
        }
        MDC.put("caller", x.caller.keyId());
        limit(x, x.caller.keyId());
    }

    private void limit(Exchange x, String bucket) {
        long wait = limiter.acquire(bucket);
        if (wait > 0) {
            throw new HttpProblem(429, "rate_limited", "too many requests for this key; retry after " + wait + "s", String.valueOf(wait));
        }
    }

    /** 403 unless the caller holds {@code role}. */
    static void require(Exchange x, Role role) {
        requireAny(x, role);
    }

    static void requireAny(Exchange x, Role... roles) {
        for (Role r : roles) {
            if (x.caller.has(r)) {
                return;
            }
        }
        throw new HttpProblem(403, "forbidden", "this key (" + x.caller.keyId() + ", " + x.caller.subject().value() + ") lacks the role "
                + Arrays.stream(roles).map(r -> r.name().toLowerCase(Locale.ROOT)).toList() + " this request needs");
    }
}
