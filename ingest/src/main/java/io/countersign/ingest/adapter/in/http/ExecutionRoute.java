package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.contracts.ids.IntentId;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.adapter.in.kafka.IntentView;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.DatasetUris;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.masking.Masker;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/intents/{id}/execution}: an agent reports what it ran (STARTED, SUCCEEDED, FAILED), or that
 * it withdrew the intent (CANCELLED, e.g. its MCP client cancelled the call; the hash may be left out when no
 * verdict named one). Writes
 * {@code countersign.executions}; reads who submitted the intent from the {@link IntentView}.
 *
 * <p>A report for an intent nobody submitted is answered 404, and still written: the decision pipeline's
 * execution check finds no verdict for it and audits it as a violation ({@code EXECUTED_WITHOUT_VERDICT}),
 * so the attempt is on the audit record with the reporting agent. "Nobody submitted" must not be
 * confused with "not read here yet" (submitted through another instance a moment ago, or before this
 * one restarted): an id this instance does not know is looked at again after {@link #GRACE}, and only
 * when the view has meanwhile been read to the end of its topics is it 404; otherwise 503 with
 * {@code Retry-After}, and nothing is written.
 */
final class ExecutionRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRoute.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** How long an unknown id is given to appear in the view. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** How fresh the view's "read to the end" must be: a fetch round (fetch.max.wait.ms is 500 ms) after the request came. */
    private static final long FETCH_ROUND_NANOS = Duration.ofMillis(600).toNanos();

    /** The body of {@code POST /v1/intents/{id}/execution}. */
    record ExecutionRequest(@JsonProperty("status") String status, @JsonProperty("executedHash") String executedHash,
                            @JsonProperty("outputDatasets") List<String> outputDatasets, @JsonProperty("rowsAffected") Long rowsAffected,
                            @JsonProperty("detail") String detail) {
    }

    private final KafkaPublisher publisher;
    private final IntentView view;
    private final LongPredicate viewCurrentSince;
    private final Clock clock;

    /** {@code viewCurrentSince}: whether the view was read to the end at or after a {@link System#nanoTime()}. */
    ExecutionRoute(KafkaPublisher publisher, IntentView view, LongPredicate viewCurrentSince, Clock clock) {
        this.publisher = publisher;
        this.view = view;
        this.viewCurrentSince = viewCurrentSince;
        this.clock = clock;
    }

    void post(Exchange x, String intentId, byte[] body) throws KafkaPublisher.UnavailableException {
        long asked = System.nanoTime();
        GatewayHandler.require(x, Role.AGENT);
        ExecutionReport report = report(x, intentId, Json.read(body, ExecutionRequest.class));
        if (view.get(intentId).isPresent()) {
            write(x, report, true);
            return;
        }
        if (IntentId.tryParse(intentId).isEmpty()) {
            // Worth writing to the audit when unknown only if it could be an intent id at all.
            throw new HttpProblem(404, "not_found", "no intent has this id; use the intentId returned by POST /v1/intents");
        }
        CompletableFuture.runAsync(() -> Failures.answer(x, () -> settleUnknown(x, report, asked)),
                CompletableFuture.delayedExecutor(GRACE.toMillis(), TimeUnit.MILLISECONDS, x.request.getComponents().getExecutor()));
    }

    private void settleUnknown(Exchange x, ExecutionReport report, long asked) throws KafkaPublisher.UnavailableException {
        if (view.get(report.getIntentId()).isPresent()) {
            write(x, report, true);
        } else if (!viewCurrentSince.test(asked + FETCH_ROUND_NANOS)) {
            throw new HttpProblem(503, "unavailable", "this gateway is still reading recent intents; retry shortly", "1");
        } else {
            write(x, report, false);
        }
    }

    private void write(Exchange x, ExecutionReport report, boolean known) throws KafkaPublisher.UnavailableException {
        String intentId = report.getIntentId();
        IntentView.Entry entry = view.get(intentId).orElse(null);
        if (entry != null && entry.agentId() != null && !entry.agentId().equals(report.getAgentId())) {
            throw new HttpProblem(403, "forbidden", "intent " + intentId + " was submitted by another agent; only that agent may report its execution");
        }
        // As for intents: the request's thread is free while Kafka acknowledges.
        publisher.publishAsync(Topics.EXECUTIONS, intentId, report).whenCompleteAsync((written, failure) -> Failures.answer(x, () -> {
            if (failure != null) {
                throw KafkaPublisher.unavailable(failure);
            }
            written(x, report, known);
        }), x.request.getComponents().getExecutor());
    }

    private static void written(Exchange x, ExecutionReport report, boolean known) {
        String intentId = report.getIntentId();
        if (known) {
            LOG.debug("Execution report for intent {}: {}", intentId, report.getStatus());
            x.json(202, Map.of("intentId", intentId, "accepted", true));
        } else {
            LOG.warn("Execution report by {} for intent {}, which nobody submitted: written for the audit, answered 404",
                    report.getAgentId(), intentId);
            x.error(404, "not_found", "no intent " + intentId + " was submitted; the report is recorded as an execution without a verdict", null);
        }
    }

    private ExecutionReport report(Exchange x, String intentId, ExecutionRequest r) {
        ExecutionStatus status;
        try {
            status = ExecutionStatus.valueOf(r.status() == null ? "SUCCEEDED" : r.status());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status", "status must be one of STARTED, SUCCEEDED, FAILED, CANCELLED");
        }
        // A withdrawn intent may not have a verdict yet, so no hash to name: recorded as empty (nothing ran).
        boolean hashless = status == ExecutionStatus.CANCELLED && r.executedHash() == null;
        if (!hashless && (r.executedHash() == null || !HEX64.matcher(r.executedHash()).matches())) {
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
        return ExecutionReport.newBuilder().setIntentId(intentId).setAgentId(x.caller.subject().value())
                .setStatus(status).setExecutedHash(hashless ? "" : r.executedHash()).setOutputDatasets(outputs).setRowsAffected(r.rowsAffected())
                // Masked before the first write: the detail is free text and may quote a secret.
                .setDetail(Masker.maskText(r.detail() == null || r.detail().length() <= 2_000 ? r.detail() : r.detail().substring(0, 2_000)))
                .setReportedAt(clock.instant()).build();
    }
}
