package io.countersign.dashboards.adapter.in.http;

import io.countersign.dashboards.adapter.out.EvidenceDownloads;
import io.countersign.dashboards.adapter.out.PolicyReplays;
import io.countersign.http.ApiError;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoadException;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import org.eclipse.jetty.http.HttpHeader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The auditor's routes that read a whole period: {@code POST /api/v1/policy/replay?from=&to=} (body: a candidate
 * policy YAML, at most {@link #MAX_POLICY_BYTES}) replays the audit index through it and answers the flips, or 400
 * with every problem's line and rule when it does not compile; {@code GET /api/v1/audit/evidence.zip?from=&to=}
 * downloads the evidence bundle of the period. Both need the auditor role (checked by {@link ApiRoutes}); the POST
 * is same-origin only like every dashboards POST ({@link DashboardsHandler}). At most {@link #CONCURRENT} such
 * requests run at once, so a few large periods cannot starve the dashboards.
 */
final class AuditorRoutes {

    static final int MAX_POLICY_BYTES = 256 * 1024;
    static final int MAX_FLIPS = 1_000;
    static final int CONCURRENT = 2;
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final PolicyReplays replays;
    private final EvidenceDownloads evidence;
    private final Semaphore running = new Semaphore(CONCURRENT);

    AuditorRoutes(PolicyReplays replays, EvidenceDownloads evidence) {
        this.replays = replays;
        this.evidence = evidence;
    }

    void replay(Exchange ex) throws Exception {
        byte[] body = ex.body(MAX_POLICY_BYTES);
        if (body == null) {
            ex.error(413, "the policy is larger than " + MAX_POLICY_BYTES / 1024 + " KiB");
            return;
        }
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Exchange.BadRequest("the policy must be UTF-8 text (a YAML file)");
        }
        Policy candidate;
        try {
            candidate = PolicyReplays.compile(yaml);
        } catch (PolicyLoadException e) {
            Map<String, Object> error = new LinkedHashMap<>(ApiError.of(400, "the policy does not compile: " + e.problems().get(0)
                    + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more)" : ""), ex.requestId).body());
            error.put("problems", e.problems());
            ex.json(400, error);
            return;
        }
        Instant[] period = period(ex);
        limited(ex, () -> {
            ReplayReport report = replays.replay(candidate, period[0], period[1], MAX_FLIPS);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", period[0]);
            out.put("to", period[1]);
            out.put("report", report);
            ex.json(200, out);
        });
    }

    void evidence(Exchange ex) throws Exception {
        if (!evidence.hasKeys()) {
            ex.error(503, "no audit public keys are configured (dashboards.auditPublicKeys): a bundle could not prove its checkpoints");
            return;
        }
        Instant[] period = period(ex);
        limited(ex, () -> {
            // Buffered: the zip is sent with its length, or not at all when Kafka fails half-way.
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            evidence.write(period[0], period[1], zip);
            String name = "countersign-evidence-" + period[0].toString().replace(':', '-') + "-" + period[1].toString().replace(':', '-') + ".zip";
            ex.response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
            ex.send(200, zip.toByteArray(), "application/zip");
        });
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} unless {@link #CONCURRENT} long reads already run: then answers 429. */
    private void limited(Exchange ex, Work work) throws Exception {
        if (!running.tryAcquire()) {
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            ex.error(429, "other long reads are running; retry in a few seconds");
            return;
        }
        try {
            work.run();
        } finally {
            running.release();
        }
    }

    /** [from, to) from the query: ISO-8601 instants; {@code to} defaults to now, {@code from} to 30 days before it. */
    private static Instant[] period(Exchange ex) {
        Instant to = ApiRoutes.instant(ex, "to");
        to = to == null ? Instant.now() : to;
        Instant from = ApiRoutes.instant(ex, "from");
        from = from == null ? to.minus(DEFAULT_PERIOD) : from;
        if (!from.isBefore(to)) {
            throw new Exchange.BadRequest("from must be before to");
        }
        return new Instant[] {from, to};
    }
}
