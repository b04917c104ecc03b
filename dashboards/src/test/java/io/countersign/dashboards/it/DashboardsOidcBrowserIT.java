package io.countersign.dashboards.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsOidc;
import io.countersign.dashboards.DashboardsServer;
import io.countersign.embedded.junit.WithCountersignStack;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in with OpenID Connect in a real browser (Debian's Chromium, Playwright) through a real provider's
 * login page (mock-oauth2-server with interactive login, on loopback): the person types a name and the
 * claims their provider would assert, comes back signed in with the role their groups map to, and stays
 * signed in when the dashboards instance is replaced by another with the same session key (a restart).
 * Sign-out ends the session; someone whose groups map to no role sees a page saying so, and no session.
 */
@WithCountersignStack
@ExtendWith(SeededStack.Extension.class)
class DashboardsOidcBrowserIT {

    private static final String SESSION_KEY = Base64.getEncoder().encodeToString("the dashboards' shared session key!".getBytes());
    private static Chromium.Session chromium;
    private static Browser browser;
    private static MockOAuth2Server provider;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        browser = chromium.browser();
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void close() {
        if (provider != null) {
            provider.shutdown();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private static DashboardsServer dashboards(SeededStack stack, int port) throws Exception {
        String redirect = "http://127.0.0.1:" + port + "/login/oidc/callback";
        DashboardsOidc oidc = new DashboardsOidc(provider.issuerUrl("acme").toString(), "countersign-dashboards", "not-a-real-secret", redirect,
                null, "email", "groups", null, "Acme SSO", Map.of("countersign-auditors", "auditor", "countersign-analysts", "analyst"));
        DashboardsConfig config = DashboardsConfig.DEFAULTS.withPort(port).withSessionKey(SESSION_KEY).withOidc(oidc);
        return DashboardsServer.start(config, stack.openSearch, stack.kafka, stack.registry, List.of(), Map.of(), Clock.systemUTC());
    }

    /** Signs in at the provider's own login page with the claims the provider would assert. */
    private static void signInAtProvider(Page page, String base, String user, List<String> groups) {
        page.navigate(base);
        assertThat(page.url()).contains("/login?next=");
        assertThat(page.locator("#username").count()).as("no local users: no password form").isZero();
        page.click("#sign-in-oidc");
        page.waitForSelector("form textarea[name=claims]");
        page.fill("input[name=username]", user);
        page.fill("textarea[name=claims]", "{\"email\": \"" + user + "@example.com\", \"groups\": [\"staff\"" + groups.stream().map(g -> ", \"" + g + "\"")
                .reduce("", String::concat) + "]}");
        page.click("input[type=submit]");
    }

    @Test
    void anAuditorSignsInThroughTheProvidersLoginPageAndStaysSignedInAcrossARestart(SeededStack stack) throws Exception {
        Files.createDirectories(DashboardsBrowserIT.SCREENSHOTS);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DashboardsServer first = dashboards(stack, port);
        String base = first.url().toString();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        List<String> errors = new ArrayList<>();
        page.onPageError(errors::add);

        signInAtProvider(page, base, "olga", List.of("countersign-auditors"));
        page.waitForSelector("#search-form");
        assertThat(page.evaluate("() => fetch('/api/v1/me').then(r => r.json())")).isEqualTo(Map.of("username", "olga@example.com",
                "roles", List.of("auditor")));
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardsBrowserIT.SCREENSHOTS.resolve("6-oidc-signed-in.png")));
        Cookie session = context.cookies().stream().filter(c -> c.name.equals("cs_session")).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).hasToString("LAX");

        first.close();
        try (DashboardsServer second = dashboards(stack, port)) {
            page.reload();
            page.waitForSelector("#search-form");
            assertThat(page.url()).as("still signed in after the restart").doesNotContain("/login");
            assertThat(page.evaluate("() => fetch('/api/v1/me').then(r => r.status)")).isEqualTo(200);

            assertThat(second.url().toString()).isEqualTo(base);
            page.waitForFunction("() => /olga@example.com/.test(document.querySelector('#user-name').textContent)");
            page.click("form.logout button");
            page.waitForURL("**/login");
            assertThat(context.cookies().stream().filter(c -> c.name.equals("cs_session"))).as("the cookie is cleared").isEmpty();
            HttpResponse<String> copy = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/v1/me"))
                    .header("Cookie", "cs_session=" + session.value).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(copy.statusCode()).as("a copy of the signed-out session's cookie").isEqualTo(401);

            BrowserContext outsider = browser.newContext();
            Page other = outsider.newPage();
            signInAtProvider(other, base, "mallory", List.of());
            other.waitForSelector("#notice");
            assertThat(other.textContent("#notice")).contains("mallory@example.com").contains("none of your groups there grants a role");
            assertThat(outsider.cookies().stream().filter(c -> c.name.equals("cs_session"))).isEmpty();
            outsider.close();
        }
        assertThat(errors).as("JavaScript errors in the page").isEmpty();
        context.close();
    }
}
