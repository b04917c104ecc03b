package io.countersign.ingest.adapter.in.http;

import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.ids.DatasetUri;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.DatasetUris;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The gateway's routing table. Open routes ({@code /healthz}, {@code /metrics}, {@code /openapi.json})
 * need no key; {@code /v1/step-up} is authenticated by its one-time link and ID token
 * ({@link #selfAuthenticated}); everything else is authenticated before it gets here. Unknown paths answer 404 and
 * known paths with another method 405, both saying what exists.
 */
public final class Routes {

    private final IntentRoutes intents;
    private final ExecutionRoute executions;
    private final DatasetRoutes datasets;
    private final LineageRoute lineage;
    private final ApprovalRoutes approvals;
    private final StepUpRoutes stepUp;
    private final DeclaredLabels declared;
    private final PrometheusMeterRegistry metrics;
    private final byte[] openApi;

    /** {@code stepUp}: the step-up approval routes, or null when the gateway has no ingest.stepUp. */
    Routes(IntentRoutes intents, ExecutionRoute executions, DatasetRoutes datasets, LineageRoute lineage, ApprovalRoutes approvals,
           StepUpRoutes stepUp, DeclaredLabels declared, PrometheusMeterRegistry metrics) {
        this.approvals = approvals;
        this.stepUp = stepUp;
        this.intents = intents;
        this.executions = executions;
        this.datasets = datasets;
        this.lineage = lineage;
        this.declared = declared;
        this.metrics = metrics;
        try (InputStream in = Routes.class.getResourceAsStream("/openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the ingest jar", e);
        }
    }

    /** Answers the open routes; false when the request needs authentication. */
    boolean open(Exchange x, String[] s, BooleanSupplier ready) {
        String p = String.join("/", s);
        switch (p) {
            case "healthz/live" -> {
                // Answering at all is liveness: the HTTP server and its threads are up.
                x.route = "/healthz/live";
                x.json(200, Map.of("status", "alive"));
            }
            case "healthz", "healthz/ready" -> {
                x.route = "/" + p;
                boolean up = ready.getAsBoolean();
                x.json(up ? 200 : 503, Map.of("status", up ? "ok" : "starting",
                        "detail", up ? "accepting requests" : "catching up with the verdicts topic; retry shortly"));
            }
            case "metrics" -> {
                x.route = "/metrics";
                x.send(200, metrics.scrape().getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4; charset=utf-8");
            }
            case "openapi.json" -> {
                x.route = "/openapi.json";
                x.send(200, openApi, "application/json");
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Whether the route carries its own credentials (the step-up link and ID token) instead of an API key. */
    static boolean selfAuthenticated(String[] s) {
        return s.length == 2 && s[0].equals("v1") && s[1].equals("step-up");
    }

    void route(Exchange x, String[] s, byte[] body) throws KafkaPublisher.UnavailableException {
        String m = x.method();
        if (selfAuthenticated(s)) {
            x.route = "/v1/step-up";
            allow(m, "GET, POST");
            if (stepUp == null) {
                throw new HttpProblem(404, "step_up_not_configured", "this gateway has no ingest.stepUp configured; ask the operator");
            }
            if (m.equals("GET")) {
                stepUp.view(x, Request.extractQueryParameters(x.request).getValue("link"));
            } else {
                stepUp.approve(x, body);
            }
        } else if (s.length == 2 && s[0].equals("v1") && s[1].equals("me")) {
            x.route = "/v1/me";
            allow(m, "GET");
            x.json(200, caller(x.caller));
        } else if (s.length == 2 && s[0].equals("v1") && s[1].equals("intents")) {
            x.route = "/v1/intents";
            allow(m, "POST");
            intents.submit(x, body);
        } else if (s.length == 3 && s[0].equals("v1") && s[1].equals("intents")) {
            x.route = "/v1/intents/{id}";
            allow(m, "GET");
            intents.get(x, decode(s[2]), Request.extractQueryParameters(x.request).getValue("wait"));
        } else if (s.length == 4 && s[0].equals("v1") && s[1].equals("intents") && s[3].equals("execution")) {
            x.route = "/v1/intents/{id}/execution";
            allow(m, "POST");
            executions.post(x, decode(s[2]), body);
        } else if (s.length == 4 && s[0].equals("v1") && s[1].equals("datasets") && s[3].equals("labels")) {
            x.route = "/v1/datasets/{uri}/labels";
            String dataset = datasetKey(m, decode(s[2]));
            switch (m) {
                case "PUT" -> datasets.put(x, dataset, body);
                case "DELETE" -> datasets.delete(x, dataset);
                case "GET" -> {
                    GatewayHandler.requireAny(x, Role.AGENT, Role.STEWARD, Role.APPROVER, Role.LINEAGE);
                    x.json(200, DatasetRoutes.summary(dataset, declared.get(dataset).orElse(null)));
                }
                default -> allow(m, "GET, PUT, DELETE");
            }
        } else if (s.length == 2 && s[0].equals("v1") && s[1].equals("approvals")) {
            x.route = "/v1/approvals";
            allow(m, "GET");
            approvals.list(x, Request.extractQueryParameters(x.request).getValue("status"));
        } else if (s.length == 4 && s[0].equals("v1") && s[1].equals("approvals") && s[3].equals("decisions")) {
            x.route = "/v1/approvals/{requestId}/decisions";
            allow(m, "POST");
            approvals.decide(x, decode(s[2]), body);
        } else if (s.length == 3 && s[0].equals("api") && s[1].equals("v1") && s[2].equals("lineage")) {
            x.route = "/api/v1/lineage";
            allow(m, "POST");
            lineage.post(x, body);
        } else {
            throw new HttpProblem(404, "not_found", "no such endpoint; see /openapi.json for the API");
        }
    }

    /**
     * {@code GET /v1/me}: what the calling key is, for a client acting on the key's behalf (the MCP gateway takes the principal
     * of an HTTP agent from it): its id, agent or person, owner, roles, and the principals its intents may name (the owner
     * first; {@code anyPrincipal} when it may name anyone). Only the caller's own key; never the key itself.
     */
    static Map<String, Object> caller(Credential c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", c.keyId());
        out.put("subject", c.subject().value());
        out.put("owner", c.owner().value());
        out.put("roles", c.roles().stream().map(Role::name).sorted().toList());
        List<String> principals = new ArrayList<>(List.of(c.owner().value()));
        c.principals().listed().stream().map(Identity::value).sorted().filter(p -> !p.equals(c.owner().value())).forEach(principals::add);
        out.put("principals", principals);
        out.put("anyPrincipal", c.principals().any());
        return out;
    }

    private static void allow(String method, String allowed) {
        if (!allowed.contains(method)) {
            throw new HttpProblem(405, "method_not_allowed", "this endpoint accepts " + allowed);
        }
    }

    private static String decode(String segment) {
        try {
            // Path segments are percent-encoded; '+' is a literal plus in a path, not a space.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(null, "the path has a malformed percent-encoding");
        } catch (UncheckedIOException e) {
            throw new InvalidRequestException(null, "the path is not valid UTF-8");
        }
    }

    /**
     * The key a labels request is about: the dataset's canonical URI; for reading and removing, also a key
     * that is not canonical (another spelling, or not a URI at all) when only that one holds a
     * declaration: the topic can hold such keys (UPGRADING.md, "Canonical dataset URIs"), and a steward
     * must be able to see and clear them. PUT always writes canonically.
     */
    private String datasetKey(String method, String raw) {
        if (method.equals("PUT")) {
            return DatasetUris.canonical(raw, "uri");
        }
        Optional<String> canonical = DatasetUri.tryParse(raw).map(DatasetUri::value);
        boolean legacy = declared.get(raw).isPresent();
        if (canonical.isPresent() && (declared.get(canonical.get()).isPresent() || !legacy)) {
            return canonical.get();
        }
        return legacy ? raw : DatasetUris.canonical(raw, "uri");
    }
}
