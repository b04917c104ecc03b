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
 * right nodes, export the result set as CSV; and the auditor's path, at 1400 px: a long intent id cut to its column in the
 * audit table, replay a candidate policy on the Policy page,
 * follow a flipped intent to its page, see a compile error's line, download the period's evidence. Screenshots go to {@code target/screenshots}; any
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

    @Test
    void anAuditorReplaysACandidatePolicyFollowsAFlipAndDownloadsEvidence(SeededStack stack, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.createDirectories(SCREENSHOTS);
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(true).setViewportSize(1400, 900));
        Page page = context.newPage();
        List<String> errors = new ArrayList<>();
        page.onPageError(errors::add);
        String base = stack.dashboards.url().toString();
        page.navigate(base + "login");
        page.fill("#username", SeededStack.AUDITOR);
        page.fill("#password", SeededStack.PASSWORD);
        page.click("#sign-in");
        page.waitForSelector("#search-form");

        // At 1400 px the rogue agent's long id is cut with an ellipsis in its own column, not run into Received; the link carries it whole.
        page.navigate(base + "#/search?q=cleanup");
        IntentCell cell = IntentCell.of(page, stack.story.droppedTable);
        assertThat(cell.title()).as("the whole id on hover").isEqualTo(stack.story.droppedTable);
        assertThat(cell.href()).as("the whole id in the link").isEqualTo("#/intents/" + stack.story.droppedTable);
        assertThat(cell.right()).as("the id ends where the Received column starts, at the latest").isLessThanOrEqualTo(cell.receivedLeft());
        assertThat(cell.cut()).as("the id is cut to its column").isTrue();
        assertThat(cell.textOverflow()).isEqualTo("ellipsis");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search-long-id-1400px.png")));

        // The default period (the last 30 days) holds the whole story: the candidate flips the 8 intents DashboardsPolicyIT lists.
        page.click("nav a[href='#/policy']");
        page.waitForSelector("#replay-form");
        Path candidate = Files.writeString(dir.resolve("candidate.yaml"), DashboardsPolicyIT.CANDIDATE);
        page.setInputFiles("#policy-file", candidate);
        page.click("#replay-run");
        page.waitForSelector("#replay-flips tbody tr a.intent-link");
        assertThat(page.locator("#replay-flips tbody tr").count()).isEqualTo(8);
        assertThat(page.textContent("#replay-summary")).contains("8 intents would be decided differently");
        assertThat(page.textContent("#replay-by-rule")).contains("pii-export-deny").contains("reads-review");
        assertThat(page.textContent("#replay-by-transition")).contains("review→deny").contains("allow→review");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("6-policy-replay.png")).setFullPage(true));
        page.click("#replay-flips a.intent-link:has-text('" + stack.story.approvedExport + "')");
        page.waitForSelector("#timeline li");
        assertThat(page.url()).endsWith("#/intents/" + stack.story.approvedExport);

        // A policy that does not compile: the page shows the line and the rule.
        page.navigate(base + "#/policy");
        page.waitForSelector("#replay-form");
        page.setInputFiles("#policy-file", Files.writeString(dir.resolve("broken.yaml"), "rules:\n  - id: broken-rule\n    condition: \"intent.action == \"\n    effect: deny\n"));
        page.click("#replay-run");
        page.waitForSelector("#replay-error");
        assertThat(page.textContent("#replay-error")).contains("candidate.yaml:2: rule broken-rule");

        // The evidence bundle of the period, downloaded, verifies offline.
        page.click("nav a[href='#/evidence']");
        page.waitForSelector("#evidence-download[href]");
        Download download = page.waitForDownload(() -> page.click("#evidence-download"));
        try (var in = Files.newInputStream(download.path())) {
            assertThat(io.countersign.audit.evidence.EvidenceVerifier.verify(in, java.util.Set.of(stack.auditKeyId))).isEmpty();
        }
        assertThat(errors).as("JavaScript errors in the page").isEmpty();
        context.close();
    }
}
