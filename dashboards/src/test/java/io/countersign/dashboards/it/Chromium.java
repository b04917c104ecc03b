package io.countersign.dashboards.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's Chromium, headless, driven by Playwright (never a downloaded browser); the browser tests skip without it. */
final class Chromium {

    static final Path PATH = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Playwright and the browser it launched, closed together. */
    record Session(Playwright playwright, Browser browser) implements AutoCloseable {
        @Override
        public void close() {
            browser.close();
            playwright.close();
        }
    }

    /** Launches Chromium; skips the calling test class when it is not installed. */
    static Session launch() {
        assumeInstalled();
        Playwright playwright = Playwright.create();
        return new Session(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(PATH).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--no-first-run", "--disable-sync", "--disable-quic"))));
    }

    private static void assumeInstalled() {
        assumeTrue(Files.isExecutable(PATH), "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium);"
                + " the browser tests are skipped");
    }
}
