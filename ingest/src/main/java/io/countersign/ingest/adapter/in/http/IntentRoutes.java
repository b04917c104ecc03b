package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.DatasetUris;
import io.countersign.ingest.domain.IntentRequest;
import io.countersign.ingest.domain.IntentValidator;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/intents}, {@code GET /v1/intents/{id}[?wait=30s]} and
 * {@code POST /v1/intents/{id}/execution}. Writes {@code countersign.intents} and
 * {@code countersign.executions}; reads verdicts from the {@link IntentView}.
 */
final class IntentRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IntentRoutes.class);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,4})(ms|s)?");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** The body of {@code POST /v1/intents/{id}/execution}. */
    record ExecutionRequest(@JsonProperty("status") String status, @JsonProperty("executedHash") String executedHash,
                            @JsonProperty("outputDatasets") List<String> outputDatasets, @JsonProperty("rowsAffected") Long rowsAffected,
                            @JsonProperty("detail") String detail) {
    }

    private final KafkaPublisher publisher;
    private final IntentView view;
    private final IntentValidator validator;
    private final Duration maxWait;
    private final Clock clock;
    private final MeterRegistry metrics;

    IntentRoutes(KafkaPublisher publisher, IntentView view, Duration maxWait, Clock clock, MeterRegistry metrics) {
        this.publisher = publisher;
        this.view = view;
        this.validator = new IntentValidator(clock);
        this.maxWait = maxWait;
        this.clock = clock;
        this.metrics = metrics;
    }

    void submit(Exchange x, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.AGENT);
        ActionIntent intent = validator.validate(Json.read(body, IntentRequest.class), x.caller, x.header("Idempotency-Key"));
        var known = view.get(intent.getIntentId());
        if (known.isPresent() && intent.getIdempotencyKey() != null) {
            // A retry of a request that was already written: same id, nothing new on Kafka.
            x.response.getHeaders().put("Idempotent-Replayed", "true");
            x.json(202, VerdictJson.accepted(intent.getIntentId()));
            metrics.counter("countersign.ingest.intents", "result", "replayed").increment();
            return;
        }
        publisher.publish(Topics.INTENTS, intent.getIntentId(), intent);
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
        decided.completeOnTimeout(null, waitFor.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((entry, error) -> answer(x, intentId, entry != null ? entry : view.get(intentId).orElse(null)));
    }

    private void answer(Exchange x, String intentId, IntentView.Entry entry) {
        if (entry == null) {
            x.error(404, "not_found", "no intent " + intentId + " is known here; check the id returned by POST /v1/intents", null);
        } else if (!mayRead(x, entry)) {
            // 404, not 403: an agent must not learn which ids other agents use.
            x.error(404, "not_found", "no intent " + intentId + " is known for your credential", null);
        } else {
            x.json(200, VerdictJson.status(intentId, entry));
        }
    }

    private static boolean mayRead(Exchange x, IntentView.Entry entry) {
        return x.caller.has(Role.APPROVER) || x.caller.has(Role.STEWARD)
                || entry.agentId() == null || entry.agentId().equals(x.caller.subject().value());
    }

    void execution(Exchange x, String intentId, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.AGENT);
        ExecutionRequest r = Json.read(body, ExecutionRequest.class);
        var known = view.get(intentId);
        if (known.isPresent() && known.get().agentId() != null && !known.get().agentId().equals(x.caller.subject().value())) {
            throw new HttpProblem(403, "forbidden", "intent " + intentId + " was submitted by another agent; only that agent may report its execution");
        }
        ExecutionStatus status;
        try {
            status = ExecutionStatus.valueOf(r.status() == null ? "SUCCEEDED" : r.status());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status", "status must be one of STARTED, SUCCEEDED, FAILED");
        }
        if (r.executedHash() == null || !HEX64.matcher(r.executedHash()).matches()) {
            throw new InvalidRequestException("executedHash", "executedHash must be the lower-case hex SHA-256 of the canonical intent you ran (the verdict's intentHash)");
        }
        List<String> given = r.outputDatasets() == null ? List.of() : r.outputDatasets();
        if (given.size() > 1_000) {
            throw new InvalidRequestException("outputDatasets", "outputDatasets may list at most 1000 URIs");
        }
        List<String> outputs = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            // Outputs become lineage edges, and labels follow them: they must be the datasets' canonical URIs.
            outputs.add(DatasetUris.canonical(given.get(i), "outputDatasets[" + i + "]"));
        }
        ExecutionReport report = ExecutionReport.newBuilder().setIntentId(intentId).setAgentId(x.caller.subject().value())
                .setStatus(status).setExecutedHash(r.executedHash()).setOutputDatasets(outputs).setRowsAffected(r.rowsAffected())
                .setDetail(r.detail() == null || r.detail().length() <= 2_000 ? r.detail() : r.detail().substring(0, 2_000))
                .setReportedAt(clock.instant()).build();
        publisher.publish(Topics.EXECUTIONS, intentId, report);
        LOG.debug("Execution report for intent {}: {}", intentId, status);
        x.json(202, Map.of("intentId", intentId, "accepted", true));
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
