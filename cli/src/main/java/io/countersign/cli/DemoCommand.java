package io.countersign.cli;

import io.countersign.sdk.Countersign;
import io.countersign.sdk.CountersignException;
import io.countersign.sdk.Intent;
import io.countersign.sdk.IntentHandle;
import io.countersign.sdk.Status;
import io.countersign.sdk.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code countersign demo}: drives simulated agents through the Java SDK against a running gateway
 * ({@code countersign up}), so a newcomer sees allowed, denied and pending-review intents within a
 * minute. Declares the demo datasets' labels first with the demo steward key.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sends a realistic mix of agent intents to a running Countersign (start `countersign up` first)",
                "and prints each verdict: allowed, denied by policy, or waiting for human review."})
final class DemoCommand implements Callable<Integer> {

    /**
     * One kind of thing a simulated agent does. There is no environment: the gateway takes it from the
     * demo agent's key (prod), and {@code external} is only the agent's claim, which policy ignores.
     */
    record Scenario(String action, String target, String destination, boolean external, String reason) {
    }

    static final Map<String, String> LABELS = Map.of("pg://crm/customers", "PII", "vault://prod/keys", "SECRET",
            "pg://web/pages", "PUBLIC", "s3://analytics/daily", "INTERNAL");
    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("db.read", "pg://web/pages", null, false, "refresh the public catalogue cache"),
            new Scenario("db.read", "s3://analytics/daily", null, false, "summarise yesterday's traffic"),
            new Scenario("db.export", "pg://crm/customers", "s3://partner-drop/q3.csv", true, "Q3 churn report for the partner"),
            new Scenario("secrets.copy", "vault://prod/keys", "https://paste.example.com/new", true, "debugging a deploy"),
            new Scenario("iam.role.grant", "aws://iam/role/data-admin", null, false, "needs broader read access"),
            new Scenario("model.train", "pg://crm/customers", null, false, "fine-tune the support assistant"));

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8088", description = "Gateway URL (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--credentials", description = "Demo credentials written by `up` (default: <data-dir>/demo-credentials.properties).")
    Path credentials;

    @Option(names = "--data-dir", defaultValue = ".countersign/data", description = "Data directory of `up` (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--intents", defaultValue = "12", description = "How many intents to send (default ${DEFAULT-VALUE}).")
    int intents;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed for the mix (default ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Properties keys = credentials(credentials != null ? credentials : dataDir.resolve(Gateway.DEMO_CREDENTIALS));
        declareLabels(keys.getProperty("steward.key"), out);
        Map<String, Integer> tally = new TreeMap<>();
        Random random = new Random(seed);
        IntentHandle toApprove = null;
        try (Countersign sdk = Countersign.connect(url, keys.getProperty("agent.key"))) {
            for (int i = 1; i <= intents; i++) {
                Scenario s = SCENARIOS.get(i <= SCENARIOS.size() ? i - 1 : random.nextInt(SCENARIOS.size()));
                Intent.Builder b = Intent.action(s.action()).principal("user:alice@example.com").target(s.target())
                        .reason(s.reason()).framework("countersign-demo").parameter("rows", "all");
                if (s.destination() != null) {
                    b.destination(s.destination(), s.external());
                }
                IntentHandle h = sdk.submit(b.build());
                String shown = show(h);
                tally.merge(shown.split(" ")[0], 1, Integer::sum);
                out.printf("%2d. %-15s %-26s %s%n", i, s.action(), s.target(), shown);
                out.flush();
                if (toApprove == null && s.action().equals("model.train") && shown.startsWith("PENDING_REVIEW")) {
                    toApprove = h;
                }
            }
            if (toApprove != null) {
                approve(toApprove, keys.getProperty("steward.key"), out);
            }
        }
        out.printf("%nSummary: %s%n", tally);
        out.println("Other pending reviews wait for approvers (GET /v1/approvals?status=pending) and expire to DENIED at their deadline.");
        return 0;
    }

    /** Decides one review as the demo data steward through the approval API, then shows the agent's verdict. */
    private void approve(IntentHandle h, String approverKey, PrintWriter out) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(url.resolve("/v1/approvals/ar-" + h.intentId() + "/decisions"))
                .header("Authorization", "Bearer " + approverKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\": \"APPROVE\", \"reason\": \"demo: training set reviewed\"}")).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            out.printf("%nApproving the model.train review through the approval API failed with HTTP %d%n", r.statusCode());
            return;
        }
        out.printf("%nuser:carol@example.com approves the model.train review through the approval API (POST /v1/approvals/{id}/decisions):%n");
        out.printf("    model.train     pg://crm/customers         %s%n", show(h));
    }

    private static String show(IntentHandle h) {
        try {
            Verdict v = h.awaitVerdict(Duration.ofSeconds(3));
            String why = v.decisions().isEmpty() ? v.matchedRules().isEmpty() ? "" : " (rule " + v.matchedRules().get(0).id() + ")"
                    : " (approved by " + v.decisions().get(0).approver() + ")";
            return (v.isAllowed() ? "ALLOWED" : "DENIED") + why + " in " + v.latencyMs() + " ms";
        } catch (CountersignException e) {
            Status st = h.status();
            return st == Status.PENDING_REVIEW ? "PENDING_REVIEW (waits for a human)" : st.name();
        }
    }

    private void declareLabels(String stewardKey, PrintWriter out) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, String> e : LABELS.entrySet()) {
            HttpRequest put = HttpRequest.newBuilder(url.resolve("/v1/datasets/" + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "/labels"))
                    .header("Authorization", "Bearer " + stewardKey).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"labels\": [\"" + e.getValue() + "\"]}")).build();
            HttpResponse<String> r = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("declaring labels failed with HTTP " + r.statusCode() + "; is `countersign up` running at " + url + "?");
            }
        }
        out.printf("Declared labels: %s%n", new TreeMap<>(LABELS));
        Thread.sleep(1_000); // the pipeline reads labels from a global table; give it a moment to see these
    }

    private static Properties credentials(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("No demo credentials at " + file + "; start `countersign up` first (it writes them),"
                    + " or pass --credentials / --data-dir");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
