package io.countersign.ingest.adapter.in.http;

import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;

/**
 * How the gateway answers what goes wrong: 400 for invalid requests, the {@link HttpProblem}'s own
 * status, 503 with {@code Retry-After} when Kafka or the registry cannot take a write, and a bare 500
 * with the request id (and the stack trace only in the log) for anything else. Also settles the body
 * of a request refused before it was read.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** A step of {@code x} that may fail; {@link #answer(Exchange, Step)} answers what it throws. */
    interface Step {
        void run() throws KafkaPublisher.UnavailableException;
    }

    /** Runs a continuation of {@code x} (on another thread than {@link #handle}) and answers what it throws. */
    static void answer(Exchange x, Step step) {
        MDC.put("requestId", x.requestId);
        if (x.caller != null) {
            MDC.put("caller", x.caller.keyId());
        }
        try {
            step.run();
        } catch (KafkaPublisher.UnavailableException e) {
            unavailable(x, e);
        } catch (RuntimeException e) {
            answer(x, e);
        } finally {
            MDC.remove("requestId");
            MDC.remove("caller");
        }
    }

    static void unavailable(Exchange x, KafkaPublisher.UnavailableException e) {
        LOG.warn("{} {} unavailable: {}", x.method(), x.route, e.getMessage());
        x.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        x.error(503, "unavailable", e.getMessage(), null);
    }

    /** Answers a request refused before its body was read (401, 413, 415, 429), and settles that body. */
    static void refused(Exchange x, RuntimeException e, long drainable, Duration bodyTimeout) {
        if (!x.hasUnreadBody()) {
            answer(x, e);
            return;
        }
        x.takeBody();
        if (e instanceof HttpProblem p && p.status == 401 || x.request.getLength() > drainable) {
            // Not a byte is read for an unknown caller, nor beyond reason for a known one: the connection closes instead.
            x.closeAfterAnswer();
            answer(x, e);
            return;
        }
        // A known caller still sending reads its answer, and its connection stays usable, once the body is dropped.
        BodyReader.discard(x.request, drainable, bodyTimeout).whenComplete((ignored, failure) -> {
            if (failure != null) {
                x.closeAfterAnswer();
            }
            answer(x, e);
        });
    }

    static void answer(Exchange x, RuntimeException e) {
        if (e instanceof InvalidRequestException bad) {
            x.error(400, "invalid_request", bad.getMessage(), bad.field());
        } else if (e instanceof HttpProblem p) {
            if (p.retryAfterSeconds != null) {
                x.response.getHeaders().put(HttpHeader.RETRY_AFTER, p.retryAfterSeconds);
            }
            x.error(p.status, p.error, p.getMessage(), null, p.intentId);
        } else {
            LOG.error("{} {} failed: {}", x.method(), x.route, e.toString(), e);
            x.error(500, "internal", "the gateway failed on this request; quote request id " + x.requestId + " when reporting it", null);
        }
    }
}
