package io.countersign.audit.evidence;

import java.util.List;

/**
 * The XHTML that {@link EvidenceReport} is written in: well-formed XML that is also HTML5, so the same text is
 * {@code report.html} and is laid out as {@code report.pdf} by {@link ReportPdf}. Every value goes through
 * {@link #esc}, since agent and approver text is hostile.
 */
final class ReportXhtml {

    private ReportXhtml() {
    }

    static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>"
                + "<title>").append(esc(title)).append("</title>"
                + "<style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:left;vertical-align:top}.flag{color:#b00}.note{color:#555}</style></head><body>");
    }

    static String end(StringBuilder h) {
        return h.append("</body></html>").toString();
    }

    /** A section: heading with the row count, an explanatory note (may be null), and the table or "None.". */
    static void table(StringBuilder h, String title, String note, List<String> columns, List<String[]> rows) {
        section(h, "h2", title, note, columns, rows);
    }

    /** The same as a sub-section of the previous {@link #table}. */
    static void subTable(StringBuilder h, String title, String note, List<String> columns, List<String[]> rows) {
        section(h, "h3", title, note, columns, rows);
    }

    private static void section(StringBuilder h, String tag, String title, String note, List<String> columns, List<String[]> rows) {
        h.append('<').append(tag).append('>').append(esc(title)).append(" (").append(rows.size()).append(")</").append(tag).append('>');
        if (note != null) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>");
        }
        if (rows.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<table><tr>");
        columns.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>");
        for (String[] row : rows) {
            h.append("<tr>");
            for (int i = 0; i < row.length; i++) {
                boolean flag = columns.get(i).equals("flags") && !row[i].isEmpty();
                h.append(flag ? "<td class=\"flag\">" : "<td>").append(esc(row[i])).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    /**
     * HTML text: the five special characters escaped, and control characters (which XML cannot carry even
     * escaped, and which agent text may hold) replaced by U+FFFD.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        String visible = s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uFFFE\\uFFFF]", "\uFFFD");
        return visible.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
