package io.countersign.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.countersign.processors.domain.policy.replay.Flip;
import io.countersign.processors.domain.policy.replay.ReplayReport;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a {@link ReplayReport} as Markdown (for a pull request), JSON (for tools) or CSV (one flipped intent
 * per row). Every value from the audit log is agent input: Markdown cells have {@code |}, backticks and line
 * breaks neutralised, CSV cells are kept on one line, quoted, and a leading {@code = + - @} is defused so spreadsheets run no formula.
 */
final class ReplayReports {

    enum Format { md, json, csv }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private ReplayReports() {
    }

    static void write(ReplayReport r, Instant from, Instant to, Format format, PrintWriter out) {
        switch (format) {
            case json -> json(r, from, to, out);
            case csv -> csv(r, out);
            default -> markdown(r, from, to, out);
        }
    }

    private static void json(ReplayReport r, Instant from, Instant to, PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("from", from);
        doc.put("to", to);
        doc.put("report", r);
        try {
            out.println(JSON.writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csv(ReplayReport r, PrintWriter out) {
        out.println("intent_id,occurred_at,agent,action,before,after,cause,rules_before,rules_after");
        for (Flip f : r.flips()) {
            out.println(String.join(",", cell(f.intentId()), cell(f.occurredAt().toString()), cell(f.agent()), cell(f.action()),
                    cell(f.before().name()), cell(f.after().name()), cell(f.cause()), cell(String.join(" ", f.rulesBefore())),
                    cell(String.join(" ", f.rulesAfter()))));
        }
    }

    private static void markdown(ReplayReport r, Instant from, Instant to, PrintWriter out) {
        out.printf("# Policy replay (candidate version %s)%n%n%,d intents from %s to %s replayed; **%,d would be decided differently**.%n",
                md(r.policyVersion()), r.replayed(), from, to, r.flipped());
        table(out, "Old → new effect", "transition", r.byTransition());
        table(out, "By the rule that made the difference", "rule", r.byRule());
        table(out, "By agent and action", "agent action", r.byAgentAndAction());
        if (!r.flips().isEmpty()) {
            out.printf("%n## Intents that flip%s%n%n| intent | occurred | agent | action | before → after | rule |%n|---|---|---|---|---|---|%n",
                    r.flips().size() < r.flipped() ? " (first " + r.flips().size() + ")" : "");
            r.flips().forEach(f -> out.printf("| %s | %s | %s | %s | %s | %s |%n", md(f.intentId()), f.occurredAt(), md(f.agent()), md(f.action()),
                    f.transition(), md(f.cause())));
        }
    }

    private static void table(PrintWriter out, String title, String key, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        out.printf("%n## %s%n%n| %s | intents |%n|---|---:|%n", title, key);
        counts.forEach((k, v) -> out.printf("| %s | %,d |%n", md(k), v));
    }

    /** A Markdown table cell: no column break, no code span, no line break from the value. */
    static String md(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replaceAll("[\\r\\n]+", " ");
    }

    /** A CSV cell: one line, quoted, quotes doubled, a formula prefix defused. */
    static String cell(String s) {
        String v = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
