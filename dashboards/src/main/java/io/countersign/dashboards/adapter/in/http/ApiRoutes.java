package io.countersign.dashboards.adapter.in.http;

import io.countersign.dashboards.adapter.out.AgentViews;
import io.countersign.dashboards.adapter.out.ApprovalAnalytics;
import io.countersign.dashboards.adapter.out.AuditQuery;
import io.countersign.dashboards.adapter.out.AuditSearch;
import io.countersign.dashboards.adapter.out.DatasetViews;
import io.countersign.dashboards.adapter.out.EvidenceDownloads;
import io.countersign.dashboards.adapter.out.IntentDetails;
import io.countersign.dashboards.adapter.out.PolicyReplays;
import io.countersign.dashboards.adapter.out.RecordVerifier;
import io.countersign.dashboards.domain.Role;
import org.eclipse.jetty.http.HttpHeader;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The read-only JSON API under {@code /api/v1} (documented in dashboards/API.md), for a signed-in user.
 * Every route names the role it needs; an analyst reads, an auditor also verifies, exports, replays a candidate
 * policy over a period and downloads a period's evidence bundle ({@link AuditorRoutes}).
 */
public final class ApiRoutes {

    private final AuditSearch audit;
    private final IntentDetails intents;
    private final DatasetViews datasets;
    private final AgentViews agents;
    private final ApprovalAnalytics approvals;
    private final RecordVerifier verifier;
    private final AuditorRoutes auditor;

    public ApiRoutes(AuditSearch audit, IntentDetails intents, DatasetViews datasets, AgentViews agents, ApprovalAnalytics approvals,
                     RecordVerifier verifier, PolicyReplays replays, EvidenceDownloads evidence) {
        this.auditor = new AuditorRoutes(replays, evidence);
        this.audit = audit;
        this.intents = intents;
        this.datasets = datasets;
        this.agents = agents;
        this.approvals = approvals;
        this.verifier = verifier;
    }

    void handle(Exchange ex) throws Exception {
        List<String> s = ex.segments;
        if (s.size() < 3 || !s.get(1).equals("v1")) {
            ex.error(404, "the API is under /api/v1; see dashboards/API.md");
            return;
        }
        String what = s.get(2);
        int n = s.size();
        boolean get = ex.method().equals("GET");
        if (what.equals("me") && n == 3 && get) {
            ex.json(200, Map.of("username", ex.user.username(), "roles", ex.user.roles().stream().map(r -> r.name().toLowerCase()).sorted().toList()));
        } else if (what.equals("audit") && n == 4 && s.get(3).equals("search") && get) {
            ex.json(200, audit.page(query(ex)));
        } else if (what.equals("audit") && n == 4 && s.get(3).equals("export.csv") && get) {
            if (require(ex, Role.AUDITOR, "exporting")) {
                export(ex);
            }
        } else if (what.equals("audit") && n == 4 && s.get(3).equals("evidence.zip") && get) {
            if (require(ex, Role.AUDITOR, "downloading evidence")) {
                auditor.evidence(ex);
            }
        } else if (what.equals("policy") && n == 4 && s.get(3).equals("replay") && ex.method().equals("POST")) {
            if (require(ex, Role.AUDITOR, "replaying a policy")) {
                auditor.replay(ex);
            }
        } else if (what.equals("intents") && n == 4 && get) {
            intents.find(s.get(3)).ifPresentOrElse(d -> ex.json(200, d), () -> ex.error(404, "no intent " + s.get(3) + " in the audit index"));
        } else if (what.equals("intents") && n == 5 && s.get(4).equals("verify") && ex.method().equals("POST")) {
            if (require(ex, Role.AUDITOR, "verifying")) {
                Map<String, Object> report = verifier.verify(s.get(3));
                if (report == null) {
                    ex.error(404, "no audit records of intent " + s.get(3) + " in the index");
                } else {
                    ex.json(200, report);
                }
            }
        } else if (what.equals("datasets") && n == 3 && get) {
            ex.json(200, Map.of("datasets", datasets.find(ex.param("q"), ex.intParam("size", 20, 1, 200))));
        } else if (what.equals("datasets") && n == 4 && get) {
            datasets.dataset(s.get(3)).ifPresentOrElse(d -> ex.json(200, d), () -> ex.error(404, "nothing is known of dataset " + s.get(3)));
        } else if (what.equals("datasets") && n == 5 && s.get(4).equals("lineage") && get) {
            ex.json(200, datasets.lineage(s.get(3), ex.intParam("upstream", 2, 0, 10), ex.intParam("downstream", 2, 0, 10)));
        } else if (what.equals("datasets") && n == 5 && s.get(4).equals("usage") && get) {
            ex.json(200, datasets.usage(s.get(3), ex.intParam("days", 30, 1, 366)));
        } else if (what.equals("agents") && n == 3 && get) {
            ex.json(200, Map.of("agents", agents.agents(ex.intParam("days", 7, 1, 366))));
        } else if (what.equals("agents") && n == 4 && get) {
            ex.json(200, agents.agent(s.get(3), ex.intParam("days", 7, 1, 366)));
        } else if (what.equals("approvals") && n == 4 && s.get(3).equals("analytics") && get) {
            ex.json(200, approvals.analytics(ex.intParam("days", 30, 1, 366), Duration.ofSeconds(ex.intParam("fastSeconds", 10, 1, 86_400))));
        } else {
            ex.error(404, "no such API route (or method); see dashboards/API.md");
        }
    }

    private static boolean require(Exchange ex, Role role, String what) {
        if (ex.user.may(role)) {
            return true;
        }
        ex.error(403, what + " needs the " + role.name().toLowerCase() + " role");
        return false;
    }

    private void export(Exchange ex) throws Exception {
        AuditQuery q = query(ex);
        // Buffered in bounded memory per request; up to MAX_EXPORT rows of a few hundred bytes each.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            audit.exportCsv(q, w);
        }
        ex.response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"countersign-audit.csv\"");
        ex.send(200, bytes.toByteArray(), "text/csv; charset=utf-8");
    }

    static AuditQuery query(Exchange ex) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String facet : AuditQuery.FACETS.keySet()) {
            List<String> values = ex.params.get(facet);
            if (values != null) {
                filters.put(facet, values.stream().filter(v -> !v.isBlank()).collect(Collectors.toList()));
            }
        }
        String order = ex.param("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new Exchange.BadRequest("order must be asc or desc");
        }
        try {
            return new AuditQuery(ex.param("q"), filters, instant(ex, "from"), instant(ex, "to"), ex.param("sort"), "asc".equals(order),
                    ex.intParam("page", 1, 1, 10_000), ex.intParam("size", 25, 1, 200));
        } catch (IllegalArgumentException e) {
            throw new Exchange.BadRequest(e.getMessage());
        }
    }

    static Instant instant(Exchange ex, String name) {
        String v = ex.param(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new Exchange.BadRequest(name + " must be an ISO-8601 instant such as 2026-11-17T00:00:00Z");
        }
    }
}
