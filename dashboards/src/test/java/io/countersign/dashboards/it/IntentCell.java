package io.countersign.dashboards.it;

import com.microsoft.playwright.Page;

import java.util.Map;

/**
 * An intent's id in the audit table as the browser lays it out: the link's text, title and href, where its box ends,
 * where the Received cell beside it starts, and whether the id is cut (wider than the box it is shown in) and how.
 */
record IntentCell(String text, String title, String href, double right, double receivedLeft, boolean cut, String textOverflow) {

    private static final String MEASURE = """
            id => {
              const link = [...document.querySelectorAll('#results tbody a.intent-link')].find(a => a.textContent === id);
              if (!link) return null;
              return { text: link.textContent, title: link.title, href: link.getAttribute('href'), right: link.getBoundingClientRect().right,
                receivedLeft: link.closest('tr').children[1].getBoundingClientRect().left, cut: link.scrollWidth > link.clientWidth,
                textOverflow: getComputedStyle(link).textOverflow };
            }""";

    /** The cell of {@code intentId} on the search page shown in {@code page}, once its row is there. */
    static IntentCell of(Page page, String intentId) {
        page.waitForFunction("id => [...document.querySelectorAll('#results tbody a.intent-link')].some(a => a.textContent === id)", intentId);
        Map<?, ?> m = (Map<?, ?>) page.evaluate(MEASURE, intentId);
        return new IntentCell((String) m.get("text"), (String) m.get("title"), (String) m.get("href"), ((Number) m.get("right")).doubleValue(),
                ((Number) m.get("receivedLeft")).doubleValue(), (Boolean) m.get("cut"), (String) m.get("textOverflow"));
    }
}
