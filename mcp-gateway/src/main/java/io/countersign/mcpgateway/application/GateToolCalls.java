package io.countersign.mcpgateway.application;

import io.countersign.mcpgateway.application.port.out.ExecutionReports;
import io.countersign.mcpgateway.application.port.out.IntentGate;
import io.countersign.mcpgateway.application.port.out.IntentGate.Decision;
import io.countersign.mcpgateway.application.port.out.IntentGate.Execution;
import io.countersign.mcpgateway.application.port.out.UpstreamServers;
import io.countersign.mcpgateway.domain.ToolCall;
import io.countersign.mcpgateway.domain.ToolIntent;
import io.countersign.mcpgateway.domain.ToolRule;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The gate in front of every {@code tools/call}: the call becomes an action intent ({@link ToolIntent}) and is
 * submitted before anything reaches the upstream server. ALLOWED: the call is forwarded with exactly the
 * submitted arguments, and STARTED then SUCCEEDED or FAILED is reported with the verdict's intent hash. DENIED
 * or EXPIRED: the upstream is never called; the agent gets a tool result with {@code isError} saying who or
 * which rule denied it and why. Pending review: the call waits, reporting progress, up to {@code reviewWait},
 * then is answered as not approved and is never run afterwards, even if approved later. A call the client
 * cancels is never run either, and CANCELLED is reported for its intent. {@code resources/read}
 * is gated the same way ({@link #read}).
 */
public final class GateToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(GateToolCalls.class);
    /** How long one wait for the verdict lasts before progress is reported again. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The first wait: a policy verdict comes within it; after it the agent hears that a review is pending. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);

    /** A tool call failed upstream after it was allowed: the agent gets a JSON-RPC error. */
    public static final class UpstreamFailure extends RuntimeException {
        UpstreamFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final IntentGate gate;
    private final UpstreamServers upstreams;
    private final Map<String, ToolRule> rules;
    private final Duration reviewWait;
    private final InstantSource clock;
    private final ExecutionReports reports;

    /**
     * {@code reports} sends STARTED, SUCCEEDED and FAILED in that order without keeping the agent waiting for their
     * acknowledgements ({@link ExecutionReports#inline()} sends each first). The record that an allowed call may have
     * run is its ALLOWED verdict, written before the call is forwarded; the reports add when it ran and how it ended,
     * and a report that cannot be written never stopped a call (it is logged), so it need not hold one up either.
     */
    public GateToolCalls(IntentGate gate, UpstreamServers upstreams, Map<String, ToolRule> rules, Duration reviewWait, InstantSource clock,
                         ExecutionReports reports) {
        this.gate = gate;
        this.upstreams = upstreams;
        this.rules = Map.copyOf(rules);
        this.reviewWait = reviewWait;
        this.clock = clock;
        this.reports = reports;
    }

    /** These gates submitting through {@code callerGate}: an HTTP agent's calls go with its own API key. */
    public GateToolCalls as(IntentGate callerGate) {
        return new GateToolCalls(callerGate, upstreams, rules, reviewWait, clock, reports);
    }

    /** Gates {@code call}; {@code progress} hears "waiting for …" lines while a review is pending. */
    public McpSchema.CallToolResult call(ToolCall call, Consumer<String> progress) {
        return call(call, progress, () -> false);
    }

    /** Gates {@code call} as {@link #call(ToolCall, Consumer)}; once {@code cancelled} says so, it never runs. */
    public McpSchema.CallToolResult call(ToolCall call, Consumer<String> progress, BooleanSupplier cancelled) {
        ToolIntent intent = ToolIntent.of(call, rules.getOrDefault(call.server() + "." + call.tool(), ToolRule.DEFAULT));
        Verdict v = decide(intent, call.tool() + " on " + call.server(), progress, cancelled);
        if (v.refusal() != null) {
            return refusal(v.refusal());
        }
        return forward(v, call.tool() + " on " + call.server(), call.server(), () -> upstreams.call(call), r -> Boolean.TRUE.equals(r.isError()));
    }

    /**
     * Gates reading resource {@code uri} of {@code server} (action {@value ToolIntent#RESOURCE_READ}, the URI as the
     * target): the contents when allowed; a {@link Refused} saying who or which rule refused it otherwise.
     */
    public McpSchema.ReadResourceResult read(String server, String uri, Map<String, Object> meta, Consumer<String> progress) {
        Verdict v = decide(ToolIntent.ofResourceRead(server, uri, meta), "resources/read on " + server, progress, () -> false);
        if (v.refusal() != null) {
            throw new Refused(v.refusal());
        }
        return forward(v, "resources/read on " + server, server, () -> upstreams.read(server, uri), r -> false);
    }

    /** A resource read Countersign did not allow: the agent gets a JSON-RPC error with this message. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Allowed (intent id and the verdict's hash) or refused (the sentence the agent gets). */
    private record Verdict(String intentId, String hash, String refusal) {
    }

    private Verdict decide(ToolIntent intent, String what, Consumer<String> progress, BooleanSupplier cancelled) {
        String intentId;
        Optional<Decision> decision;
        try {
            intentId = gate.submit(intent);
            decision = awaitVerdict(intentId, intent, progress, cancelled);
        } catch (IntentGate.GateException e) {
            LOG.warn("{} not submitted: {}", what, e.getMessage());
            return new Verdict(null, null, "Countersign could not check this call, so it was not run: " + e.getMessage());
        }
        if (cancelled.getAsBoolean()) {
            LOG.info("Intent {} ({}) cancelled by the client; it will not run, whatever its verdict", intentId, intent.action());
            // On the audit record: the intent was withdrawn, with the verdict's hash when one came before the cancellation.
            gate.report(intentId, Execution.CANCELLED, decision.map(Decision::intentHash).orElse(null));
            return new Verdict(intentId, null, "Cancelled by the client (intent " + intentId + "); the call was not run and will not run.");
        }
        if (decision.isEmpty()) {
            LOG.info("Intent {} ({}) still awaits review after {}; answered as not approved", intentId, intent.action(), reviewWait);
            return new Verdict(intentId, null, "Not approved within " + reviewWait.toMinutes() + " min (intent " + intentId
                    + " awaits human review); the call was not run and will not run. Ask again once it is approved.");
        }
        Decision d = decision.get();
        if (!d.allowed()) {
            LOG.info("Intent {} ({}) denied by {}; the upstream was not called", intentId, intent.action(), d.decidedBy());
            return new Verdict(intentId, null, GateMessages.denial(d) + " (intent " + intentId + ")");
        }
        return new Verdict(intentId, d.intentHash(), null);
    }

    /** The verdict, or empty when the wait ran out or the client cancelled ({@code decide} tells them apart). */
    private Optional<Decision> awaitVerdict(String intentId, ToolIntent intent, Consumer<String> progress, BooleanSupplier cancelled)
            throws IntentGate.GateException {
        Instant start = clock.instant();
        Instant deadline = start.plus(reviewWait);
        for (Duration chunk = FIRST_WAIT; ; chunk = PROGRESS_EVERY) {
            if (cancelled.getAsBoolean()) {
                return Optional.empty();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return gate.await(intentId, Duration.ZERO);
            }
            Optional<Decision> d = gate.await(intentId, left.compareTo(chunk) < 0 ? left : chunk);
            if (d.isPresent()) {
                return d;
            }
            progress.accept(GateMessages.waiting(gate, intentId, intent.action(), Duration.between(start, clock.instant()), reviewWait, clock.instant()));
        }
    }

    /** One request to an upstream server. */
    private interface Upstream<T> {
        T send() throws UpstreamServers.UpstreamException;
    }

    private <T> T forward(Verdict v, String what, String server, Upstream<T> upstream, Predicate<T> failed) {
        reports.send(v.intentId(), () -> gate.report(v.intentId(), Execution.STARTED, v.hash()));
        try {
            T result = upstream.send();
            Execution outcome = failed.test(result) ? Execution.FAILED : Execution.SUCCEEDED;
            reports.send(v.intentId(), () -> gate.report(v.intentId(), outcome, v.hash()));
            return result;
        } catch (UpstreamServers.UpstreamException e) {
            reports.send(v.intentId(), () -> gate.report(v.intentId(), Execution.FAILED, v.hash()));
            LOG.warn("Allowed intent {}: {} failed upstream: {}", v.intentId(), what, e.getMessage());
            throw new UpstreamFailure("the " + server + " server failed the call: " + e.getMessage());
        }
    }

    private static McpSchema.CallToolResult refusal(String text) {
        return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).isError(true).build();
    }
}
