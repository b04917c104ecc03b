package io.countersign.dashboards.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.countersign.approvals.domain.Identity;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsOidc;
import io.countersign.dashboards.DashboardsServer;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.StepUpConfig;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Role;
import io.countersign.oidc.OidcConfig;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.search.OpenSearchClients;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A step-up approval the way an approver makes one, in Chromium: the approval API answers an approve with
 * a one-time link; the link opens the dashboards' step-up page with the masked request; "Sign in again and
 * approve" leads to the provider's own login page (mock-oauth2-server, interactive, {@code prompt=login});
 * back from it the approval is recorded and the agent's intent is ALLOWED, its decision marked
 * {@code OIDC_STEP_UP}. The same link then shows that it was used, and a password-only sign-in on another
 * request is refused with the reason. Real pipeline, gateway and dashboards on the embedded stack.
 */
@WithCountersignStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "countersign-dashboards";
    private static final String AGENT_KEY = ApiKeys.generate();
    private static final String CAROL_KEY = ApiKeys.generate();
    private static final String STEWARD_KEY = ApiKeys.generate();
    private static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: pii-delete
                condition: intent.action == 'db.delete' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                ttl: 1h
                stepUp: true
            """;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Chromium.Session chromium;
    private MockOAuth2Server provider;
    private URI gateway;
    private String dashboards;

    @BeforeAll
    void start(Endpoints endpoints) throws Exception {
        chromium = Chromium.launch();
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start(InetAddress.getLoopbackAddress(), 0);
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        Path dir = Files.createTempDirectory("countersign-step-up-it");
        Files.writeString(dir.resolve("directory.yaml"), "groups:\n  data-stewards: [user:carol@example.com]\n");
        ChannelKeyPair apiKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "api");
        StreamProcessors pipeline = stack.pipeline(dir).applicationId("countersign-step-up-it").directoryFile(dir.resolve("directory.yaml"))
                .trusting(apiKeys).start(PolicyLoader.parse(POLICY, "step-up.yaml"));
        open.add(pipeline);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dashboards = "http://127.0.0.1:" + port + "/";
        String issuer = provider.issuerUrl("acme").toString();
        Path linkKey = StepUpLinks.createKeyFile(dir.resolve("step-up-link.key"));
        ApiKeys keys = new ApiKeys(Map.of(
                ApiKeys.hash(AGENT_KEY), new Credential("key-agent", Identity.of("agent:exporter"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT)),
                ApiKeys.hash(CAROL_KEY), new Credential("key-carol", Identity.of("user:carol@example.com"), Identity.of("user:carol@example.com"),
                        Set.of(Role.APPROVER)),
                ApiKeys.hash(STEWARD_KEY), new Credential("key-steward", Identity.of("user:carol@example.com"), Identity.of("user:carol@example.com"),
                        Set.of(Role.STEWARD))));
        IngestGateway ingest = IngestGateway.start(IngestConfig.DEFAULTS.withPort(0)
                        .withDecisionSigningKey(apiKeys.privateKeyFile().toString(), apiKeys.keyId())
                        .withStepUp(new StepUpConfig(linkKey.toString(), null, dashboards, null, null, null, OidcConfig.of(issuer, CLIENT_ID))),
                stack.kafka(), stack.registry(), keys, YamlDirectory.load(dir.resolve("directory.yaml")), Clock.systemUTC());
        open.add(ingest);
        assertThat(ingest.awaitReady(Duration.ofSeconds(30))).isTrue();
        gateway = ingest.url();
        DashboardsOidc oidc = new DashboardsOidc(issuer, CLIENT_ID, "not-a-real-secret", dashboards + "login/oidc/callback", null, "email",
                "groups", null, "Acme SSO", Map.of("countersign-auditors", "auditor")).withStepUp(new DashboardsOidc.StepUp(gateway.toString(), null));
        open.add(DashboardsServer.start(DashboardsConfig.DEFAULTS.withPort(port).withOidc(oidc), OpenSearchClients.create(endpoints.openSearchUrl()),
                stack.kafka(), stack.registry(), List.of(), Map.of(), Clock.systemUTC()));
        send("PUT", "/v1/datasets/" + URLEncoder.encode("pg://crm/customers", StandardCharsets.UTF_8) + "/labels", STEWARD_KEY, "{\"labels\": [\"PII\"]}");
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (provider != null) {
            provider.shutdown();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A db.delete of the PII table goes to review; carol's approve through the API answers with her step-up link. */
    private String[] reviewAndAskForLink() throws Exception {
        HttpResponse<String> submitted = send("POST", "/v1/intents", AGENT_KEY, """
                {"action": "db.delete", "targets": ["pg://crm/customers"], "principal": "user:olga@example.com",
                 "reason": "<img src=x onerror=alert(1)> clean up", "parameters": {"where": "created < 2020"}}""");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String intentId = JSON.readTree(submitted.body()).get("intentId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/v1/approvals?status=pending", CAROL_KEY, null).body().contains(intentId));
        HttpResponse<String> approve = send("POST", "/v1/approvals/ar-" + intentId + "/decisions", CAROL_KEY, "{\"decision\": \"APPROVE\"}");
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(403);
        String url = JSON.readTree(approve.body()).get("stepUpUrl").asText();
        assertThat(url).startsWith(dashboards + "step-up?link=");
        return new String[] {intentId, url};
    }

    private static void signInAtProvider(Page page, String user, String amr) {
        page.waitForSelector("form textarea[name=claims]");
        page.fill("input[name=username]", user);
        page.fill("textarea[name=claims]", "{\"email\": \"" + user + "@example.com\", \"amr\": " + amr + ", \"auth_time\": "
                + Instant.now().getEpochSecond() + "}");
        page.click("input[type=submit]");
    }

    @Test
    void anApproverStepsUpInTheBrowserAndTheApprovalIsRecordedOnce() throws Exception {
        Files.createDirectories(DashboardsBrowserIT.SCREENSHOTS);
        String[] review = reviewAndAskForLink();
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        List<String> dialogs = new ArrayList<>();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        page.navigate(review[1]);
        page.waitForSelector("#request");
        assertThat(page.textContent("#request")).contains("db.delete", "agent:exporter", "pg://crm/customers (PII)", "user:carol@example.com",
                "<img src=x onerror=alert(1)> clean up");
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardsBrowserIT.SCREENSHOTS.resolve("7-step-up-page.png")));
        page.fill("#reason", "deletion ticket DPO-17");
        page.click("#step-up");
        assertThat(page.url()).startsWith(provider.issuerUrl("acme").toString());
        signInAtProvider(page, "carol", "[\"pwd\", \"otp\"]");
        page.waitForSelector("#approved");
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardsBrowserIT.SCREENSHOTS.resolve("8-step-up-approved.png")));
        assertThat(context.cookies().stream().filter(c -> c.name.equals("cs_session"))).as("a step-up starts no session").isEmpty();

        JsonNode verdict = JSON.readTree(send("GET", "/v1/intents/" + review[0] + "?wait=20s", AGENT_KEY, null).body());
        assertThat(verdict.get("status").asText()).isEqualTo("ALLOWED");
        assertThat(verdict.at("/verdict/decisions/0/reason").asText()).isEqualTo("deletion ticket DPO-17");
        assertThat(verdict.at("/verdict/decisions/0/authentication/method").asText()).isEqualTo("OIDC_STEP_UP");

        page.navigate(review[1]);
        page.waitForSelector("#notice");
        assertThat(page.textContent("#notice")).contains("used already");
        assertThat(dialogs).as("agent text never runs as script").isEmpty();
        context.close();
    }

    @Test
    void aPasswordOnlySignInIsRefusedWithTheReason() throws Exception {
        String[] review = reviewAndAskForLink();
        BrowserContext context = chromium.browser().newContext();
        Page page = context.newPage();
        page.navigate(review[1]);
        page.click("#step-up");
        signInAtProvider(page, "carol", "[\"pwd\"]");
        page.waitForSelector("#notice");
        assertThat(page.textContent("#notice")).contains("multi-factor");
        assertThat(send("GET", "/v1/intents/" + review[0], AGENT_KEY, null).body()).contains("PENDING_REVIEW");
        context.close();
    }
}
