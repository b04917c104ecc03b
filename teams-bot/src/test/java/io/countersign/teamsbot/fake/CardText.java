package io.countersign.teamsbot.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** What a person reads on a card in a connector request: every text and fact value, Markdown escapes removed. */
public final class CardText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CardText() {
    }

    public static String of(String json) {
        try {
            StringBuilder out = new StringBuilder();
            collect(JSON.readTree(json), out);
            return out.toString().replaceAll("\\\\(\\p{Punct})", "$1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
            return;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && (e.getKey().equals("text") || e.getKey().equals("value") || e.getKey().equals("title"))) {
                out.append(e.getValue().asText()).append('\n');
            } else if (e.getValue().isContainerNode()) {
                collect(e.getValue(), out);
            }
        });
    }
}
