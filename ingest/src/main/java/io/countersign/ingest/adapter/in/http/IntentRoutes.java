package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.application.port.out.ApprovalViews;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Environment;
import io.countersign.ingest.domain.IntentRequest;
import io.countersign.ingest.domain.IntentStatus;
import io.countersign.ingest.domain.IntentValidator;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ActionIntent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/intents} and {@code GET /v1/intents/{id}[?wait=30s]}. Writes {@code countersign.intents};
 * reads verdicts from the {@link IntentView}, and what a pending review waits for from the approvals core's
 * {@link ApprovalViews} (the approval requests and decisions topics, as the approval API reads them). Whether the intent may name its principal, and whether a
 * delegation token proves it, is {@link PrincipalProof}'s to say.
 */
final class IntentRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IntentRoutes.class);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,4})(ms|s)?");

    private final KafkaPublisher publisher;
    private final PrincipalProof principals;
    private final IntentView view;
    private final ApprovalViews reviews;
    private final IntentValidator validator;
    private final Duration maxWait;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** Long-polls waiting for a verdict now: what a stop drains, and what an operator sizes the gateway by. */
    private final AtomicInteger waiting = new AtomicInteger();

    IntentRoutes(KafkaPublisher publisher, PrincipalProof principals, IntentView view, ApprovalViews reviews, Duration maxWait,
                 Environment defaultEnvironment, Clock clock, MeterRegistry metrics) {
        this.publisher = publisher;
        this.principals = principals;
        this.view = view;
        this.reviews = reviews;
        this.validator = new IntentValidator(clock, defaultEnvironment);
        this.maxWait = maxWait;
        this.clock = clock;
        this.metrics = metrics;
        Gauge.builder("countersign.ingest.long_polls.waiting", waiting, AtomicInteger::get)
                .description("GET /v1/intents/{id}?wait=… requests waiting for a verdict").register(metrics);
    }

    void submit(Exchange x, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.AGENT);
        ActionIntent intent = validator.validate(Json.read(body, IntentRequest.class), x.caller, x.header("Idempotency-Key"));
        intent = principals.check(x, intent);
        IntentView.Replay replay = intent.getIdempotencyKey() == null ? IntentView.Replay.NEW : view.replayOf(intent);
        if (replay == IntentView.Replay.DIFFERENT) {
            // The IETF Idempotency-Key draft: a key reused for another payload is the client's error, not a replay.
            metrics.counter("countersign.ingest.intents", "result", "key_reused").increment();
            throw new HttpProblem(422, "idempotency_key_reused", "Idempotency-Key is already used for a different request payload;"
                    + " use a new key for a new request (a retry must repeat the first request's action, targets, destination,"
                    + " parameters, environment and reason)");
        }
        if (replay == IntentView.Replay.UNKNOWN) {
            throw new HttpProblem(503, "unavailable", "the first request with this Idempotency-Key is still being read here; retry shortly", "1");
        }
        if (replay == IntentView.Replay.SAME) {
            // A retry of a request that was already written: same id, nothing new on Kafka.
            x.response.getHeaders().put("Idempotent-Replayed", "true");
            x.json(202, VerdictJson.accepted(intent.getIntentId()));
            metrics.counter("countersign.ingest.intents", "result", "replayed").increment();
            return;
        }
        // The request's thread is free while Kafka acknowledges; the answer is written when it has.
        ActionIntent accepted = intent;
        publisher.publishAsync(Topics.INTENTS, accepted.getIntentId(), accepted).whenCompleteAsync((written, failure) -> Failures.answer(x, () -> {
            if (failure != null) {
                metrics.counter("countersign.ingest.intents", "result", "unavailable").increment();
                throw KafkaPublisher.unavailable(failure);
            }
            accepted(x, accepted);
        }), x.request.getComponents().getExecutor());
    }

    private void accepted(Exchange x, ActionIntent intent) {
        view.intent(intent);
        LOG.debug("Intent {} accepted: agent {}, action {}, {} targets", intent.getIntentId(), intent.getAgent().getId(),
                intent.getAction(), intent.getTargets().size());
        metrics.counter("countersign.ingest.intents", "result", "accepted").increment();
        x.response.getHeaders().put("Location", "/v1/intents/" + intent.getIntentId());
        x.json(202, VerdictJson.accepted(intent.getIntentId()));
    }

    void get(Exchange x, String intentId, String wait) {
        GatewayHandler.requireAny(x, Role.AGENT, Role.APPROVER, Role.STEWARD);
        Duration waitFor = wait(wait);
        IntentView.Entry now = view.get(intentId).orElse(null);
        if (waitFor.isZero() || (now != null && now.status().decided() && now.agentId() != null)) {
            answer(x, intentId, now);
            return;
        }
        CompletableFuture<IntentView.Entry> decided = view.whenDecided(intentId);
        waiting.incrementAndGet();
        decided.completeOnTimeout(null, waitFor.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((entry, error) -> {
                    waiting.decrementAndGet();
                    answer(x, intentId, entry != null ? entry : view.get(intentId).orElse(null));
                });
    }

    private void answer(Exchange x, String intentId, IntentView.Entry entry) {
        if (entry == null) {
            x.error(404, "not_found", "no intent " + intentId + " is known here; check the id returned by POST /v1/intents", null);
        } else if (!mayRead(x.caller, entry)) {
            // 404, not 403: an agent must not learn which ids other agents use.
            x.error(404, "not_found", "no intent " + intentId + " is known for your credential", null);
        } else {
            x.json(200, VerdictJson.status(intentId, entry, review(x.caller, entry)));
        }
    }

    /** What the pending review of {@code entry} waits for; null when it waits for none or its request is not read here yet. */
    private Map<String, Object> review(Credential caller, IntentView.Entry entry) {
        if (entry.status() != IntentStatus.PENDING_REVIEW || entry.reviewRequestId() == null) {
            return null;
        }
        return reviews.open(entry.reviewRequestId())
                .map(open -> VerdictJson.review(open, caller.has(Role.APPROVER) || caller.has(Role.STEWARD)))
                .orElse(null);
    }

    /**
     * Approvers and stewards read every intent; an agent only its own. An entry whose agent is not known
     * here yet (its verdict was read before the intent) is nobody's: read access is never granted by
     * missing data.
     */
    static boolean mayRead(Credential caller, IntentView.Entry entry) {
        return caller.has(Role.APPROVER) || caller.has(Role.STEWARD)
                || entry.agentId() != null && entry.agentId().equals(caller.subject().value());
    }

    private Duration wait(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        Matcher m = WAIT.matcher(wait.strip());
        if (!m.matches()) {
            throw new InvalidRequestException("wait", "wait must be a duration such as 30s or 500ms");
        }
        Duration d = "ms".equals(m.group(2)) ? Duration.ofMillis(Long.parseLong(m.group(1))) : Duration.ofSeconds(Long.parseLong(m.group(1)));
        if (d.compareTo(maxWait) > 0) {
            throw new InvalidRequestException("wait", "wait may be at most " + maxWait.toSeconds() + "s; poll again for longer");
        }
        return d;
    }
}
