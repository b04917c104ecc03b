package io.countersign.dashboards.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.countersign.embedded.junit.WithCountersignStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.countersign.dashboards.it.SeedStory.CHURN;
import static io.countersign.dashboards.it.SeedStory.CUSTOMERS;
import static io.countersign.dashboards.it.SeedStory.EXPORTED;
import static io.countersign.dashboards.it.SeedStory.RAW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst's path through the dashboards in a real browser — Debian's Chromium driven by
 * Playwright, never a downloaded browser — on the seeded embedded stack: sign in, search, open an
 * intent and verify it against the log, open a dataset and see its lineage graph render with the
 * right nodes, export the result set as CSV. Screenshots go to {@code target/screenshots}; any
 * JavaScript error fails the test.
 */
@WithCountersignStack
@ExtendWith(SeededStack.Extension.class)
class DashboardsBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static Chromium.Session chromium;
    private static Browser browser;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAnalystSignsInSearchesOpensAnIntentAndADatasetsLineageAndExportsCsv(SeededStack stack) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(true).setTimezoneId("Europe/Berlin")
                .setViewportSize(1280, 900));
        Page page = context.newPage();
        List<String> errors = new ArrayList<>();
        page.onPageError(errors::add);
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                errors.add(m.text());
            }
        });
        String base = stack.dashboards.url().toString();

        // Sign in: the app redirects to the sign-in page first.
        page.navigate(base);
        assertThat(page.url()).contains("/login?next=");
        page.fill("#username", SeededStack.AUDITOR);
        page.fill("#password", SeededStack.PASSWORD);
        page.click("#sign-in");
        page.waitForSelector("#search-form");
        assertThat(page.evaluate("() => document.activeElement && document.activeElement.tagName")).as("focus moves to the page heading")
                .isEqualTo("H1");

        // Who approved the export for the board pack, and why.
        page.fill("#search-input", "board");
        page.press("#search-input", "Enter");
        page.waitForFunction("() => { const c = document.querySelector('#result-count'); return c && /^1 intents?$/.test(c.textContent.trim()); }");
        page.waitForSelector("#results a.intent-link:has-text('" + stack.story.approvedExport + "')");
        assertThat(page.textContent("#results")).contains("user:carol@example.com").contains("PII");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("1-search.png")).setFullPage(true));

        // Export the result set.
        Download download = page.waitForDownload(() -> page.click("a#export-csv"));
        List<String> csv = Files.readAllLines(download.path());
        assertThat(csv.get(0)).startsWith("intentId,receivedAt,agent");
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).startsWith(stack.story.approvedExport + ",");

        // The intent's lifecycle, and its record verified against the log.
        page.click("#results a.intent-link:has-text('" + stack.story.approvedExport + "')");
        page.waitForSelector("#timeline li");
        assertThat(page.locator("#timeline li").count()).isGreaterThanOrEqualTo(6);
        assertThat(page.textContent("#timeline")).contains("RECEIVED").contains("VERDICT").contains("EXECUTION");
        assertThat(page.textContent("#approvers")).contains("user:carol@example.com").contains("ticket DATA-42")
                .as("how the approver was authenticated").contains("slack signed request");
        assertThat(page.textContent("#masked-parameters")).doesNotContain("alice@example.com");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String verdict = "";
        while (System.nanoTime() < deadline && !verdict.contains("Verified")) {
            page.click("#verify-button");
            page.waitForFunction("() => { const r = document.querySelector('#verify-result'); return r && r.textContent.trim().length > 0"
                    + " && !/Verifying/i.test(r.textContent); }");
            verdict = page.textContent("#verify-result");
        }
        assertThat(verdict).contains("Verified");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("2-intent.png")).setFullPage(true));

        // The dataset: why it is PII, and its lineage graph with the right nodes.
        page.navigate(base + "#/datasets/" + java.net.URLEncoder.encode(CHURN, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        page.waitForSelector("#labels");
        page.waitForFunction("() => window.__countersignGraph && window.__countersignGraph.nodes().length >= 4");
        @SuppressWarnings("unchecked")
        List<String> nodes = (List<String>) page.evaluate("() => window.__countersignGraph.nodes().map(n => n.id())");
        assertThat(nodes).contains(CUSTOMERS, RAW, CHURN, EXPORTED);
        assertThat(page.textContent("#labels")).contains("PII").contains(CUSTOMERS).contains("nightly_export");
        page.waitForSelector("#lineage-table");
        assertThat(page.textContent("#lineage-table")).contains("churn_model");
        page.waitForSelector("#lineage-graph canvas", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("3-dataset-lineage.png")).setFullPage(true));

        // Who declared a dataset's labels.
        page.navigate(base + "#/datasets/" + java.net.URLEncoder.encode(CUSTOMERS, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        page.waitForSelector("#declared-by");
        assertThat(page.textContent("#declared-by")).contains("user:steward@example.com");
        assertThat(page.textContent("#labels")).contains("declared by user:steward@example.com");

        // Agents and approvals pages render their tables.
        page.navigate(base + "#/agents");
        page.waitForSelector("#agents-table a:has-text('agent:etl')");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("4-agents.png")).setFullPage(true));
        page.navigate(base + "#/approvals");
        page.waitForSelector("#approver-load :text('user:carol@example.com')");
        assertThat(page.textContent("#approver-load")).contains("never denies");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("5-approvals.png")).setFullPage(true));

        assertThat(errors).as("JavaScript errors in the page").isEmpty();
        context.close();
    }
}
