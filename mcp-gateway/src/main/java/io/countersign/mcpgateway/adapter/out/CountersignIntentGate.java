package io.countersign.mcpgateway.adapter.out;

import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.domain.PendingReview;
import io.countersign.mcpgateway.domain.ToolIntent;
import io.countersign.sdk.ApproverDecision;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.CountersignException;
import io.countersign.sdk.ExecutionReport;
import io.countersign.sdk.ExecutionStatus;
import io.countersign.sdk.Intent;
import io.countersign.sdk.MatchedRule;
import io.countersign.sdk.Verdict;
import io.countersign.sdk.VerdictTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link IntentGate} through the ingest gateway's HTTP API with the Java SDK ({@link Countersign}): the
 * gateway authenticates the agent by its API key, validates and publishes the intent to
 * {@code countersign.intents}, long-polls its verdict and records execution reports on
 * {@code countersign.executions}. Logs intent ids, never arguments.
 */
public final class CountersignIntentGate implements IntentGate {

    private static final Logger LOG = LoggerFactory.getLogger(CountersignIntentGate.class);

    private final Countersign client;
    private final String principal;
    private final String environment;

    public CountersignIntentGate(Countersign client, String principal, String environment) {
        this.client = client;
        this.principal = principal;
        this.environment = environment;
    }

    @Override
    public String submit(ToolIntent intent) throws GateException {
        return submit(intent, null);
    }

    @Override
    public String submit(ToolIntent intent, String idempotencyKey) throws GateException {
        Intent.Builder b = Intent.action(intent.action()).principal(principal).targets(intent.targets()).parameters(intent.parameters())
                .reason(intent.reason()).framework("mcp");
        if (intent.destination() != null) {
            b.destination(intent.destination(), intent.external());
        }
        if (environment != null) {
            b.environment(environment);
        }
        if (idempotencyKey != null) {
            b.idempotencyKey(idempotencyKey);
        }
        try {
            return client.submit(b.build()).intentId();
        } catch (CountersignException | IllegalArgumentException | IllegalStateException e) {
            throw new GateException(e.getMessage());
        }
    }

    @Override
    public Optional<Decision> await(String intentId, Duration wait) throws GateException {
        try {
            Verdict v = client.handle(intentId).awaitVerdict(wait);
            return Optional.of(new Decision(v.isAllowed(), v.decidedBy() == null ? "POLICY" : v.decidedBy().name(),
                    v.matchedRules().stream().map(MatchedRule::id).toList(), v.decisions().stream().map(ApproverDecision::approver).toList(),
                    v.message(), v.intentHash()));
        } catch (VerdictTimeoutException e) {
            return Optional.empty();
        } catch (CountersignException e) {
            throw new GateException(e.getMessage());
        }
    }

    @Override
    public Optional<PendingReview> review(String intentId) throws GateException {
        try {
            return client.handle(intentId).review()
                    .map(r -> new PendingReview(r.quorum(), r.approvals(), r.eligibleGroups(), r.expiresAt(), r.stepUp()));
        } catch (CountersignException e) {
            throw new GateException(e.getMessage());
        }
    }

    @Override
    public void report(String intentId, Execution status, String executedHash) {
        try {
            client.reportExecution(intentId, ExecutionReport.builder(ExecutionStatus.valueOf(status.name())).executedHash(executedHash).build());
        } catch (CountersignException e) {
            LOG.warn("Execution report {} of intent {} not recorded: {}", status, intentId, e.getMessage());
        }
    }
}
