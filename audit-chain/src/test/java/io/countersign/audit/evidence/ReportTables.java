package io.countersign.audit.evidence;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the evidence report read back as an XML parser reads it (so a report that is not well-formed
 * fails the test), a section's heading, note and table rows as the text a reader sees, markup decoded.
 */
final class ReportTables {

    private final Document doc;

    private ReportTables(Document doc) {
        this.doc = doc;
    }

    static ReportTables parse(String xhtml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new ReportTables(f.newDocumentBuilder().parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("the report is not well-formed XHTML: " + e.getMessage(), e);
        }
    }

    /** The full heading of the section titled {@code title}, e.g. "Reviews (2)". */
    String heading(String title) {
        return section(title).getTextContent();
    }

    /** The explanatory note under the section's heading. */
    String note(String title) {
        Element next = next(section(title));
        return next != null && "note".equals(next.getAttribute("class")) ? next.getTextContent() : "";
    }

    /** The section's rows below its header row, each as its cells' text; empty when it says "None.". */
    List<List<String>> rows(String title) {
        Element next = next(section(title));
        while (next != null && !next.getTagName().equals("table") && !next.getTagName().matches("h[1-3]")) {
            next = next(next);
        }
        List<List<String>> rows = new ArrayList<>();
        if (next == null || !next.getTagName().equals("table")) {
            return rows;
        }
        NodeList trs = next.getElementsByTagName("tr");
        for (int i = 1; i < trs.getLength(); i++) {
            List<String> cells = new ArrayList<>();
            NodeList tds = ((Element) trs.item(i)).getElementsByTagName("td");
            for (int j = 0; j < tds.getLength(); j++) {
                cells.add(tds.item(j).getTextContent());
            }
            rows.add(cells);
        }
        return rows;
    }

    private Element section(String title) {
        for (String tag : List.of("h2", "h3")) {
            NodeList headings = doc.getElementsByTagName(tag);
            for (int i = 0; i < headings.getLength(); i++) {
                if (headings.item(i).getTextContent().startsWith(title + " (")) {
                    return (Element) headings.item(i);
                }
            }
        }
        throw new AssertionError("the report has no section " + title);
    }

    private static Element next(Node n) {
        Node s = n.getNextSibling();
        while (s != null && !(s instanceof Element)) {
            s = s.getNextSibling();
        }
        return (Element) s;
    }
}
