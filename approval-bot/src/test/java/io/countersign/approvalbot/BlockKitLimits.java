package io.countersign.approvalbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the Block Kit limits Slack enforces (it answers {@code invalid_blocks} past them), checked on
 * a blocks JSON array as the bot sends it. Numbers from Slack's Block Kit reference: 50 blocks a message
 * (100 in a view), section text 3,000 and 10 fields of 2,000, header 150, context 10 elements, button text
 * 75 and value 2,000, block_id 255. Context element text is held to 2,000, below Slack's 3,000 text-object
 * limit, as the bot promises.
 */
public final class BlockKitLimits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BlockKitLimits() {
    }

    /** Every limit the blocks break, empty when Slack would accept them. */
    public static List<String> violations(String blocksJson, int maxBlocks) {
        List<String> out = new ArrayList<>();
        JsonNode blocks;
        try {
            blocks = JSON.readTree(blocksJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (blocks.size() > maxBlocks) {
            out.add(blocks.size() + " blocks > " + maxBlocks);
        }
        for (JsonNode b : blocks) {
            String type = b.path("type").asText();
            max(out, type + ".block_id", b.path("block_id").asText(""), 255);
            switch (type) {
                case "header" -> max(out, "header.text", b.path("text").path("text").asText(), 150);
                case "section" -> {
                    max(out, "section.text", b.path("text").path("text").asText(""), 3000);
                    if (b.path("fields").size() > 10) {
                        out.add("section with " + b.path("fields").size() + " fields > 10");
                    }
                    b.path("fields").forEach(f -> max(out, "section.field", f.path("text").asText(), 2000));
                }
                case "context" -> {
                    if (b.path("elements").size() > 10) {
                        out.add("context with " + b.path("elements").size() + " elements > 10");
                    }
                    b.path("elements").forEach(e -> max(out, "context.text", e.path("text").asText(""), 2000));
                }
                case "actions" -> b.path("elements").forEach(e -> {
                    max(out, "button.text", e.path("text").path("text").asText(), 75);
                    max(out, "button.value", e.path("value").asText(""), 2000);
                });
                default -> {
                }
            }
        }
        return out;
    }

    private static void max(List<String> out, String what, String text, int limit) {
        if (text.length() > limit) {
            out.add(what + " has " + text.length() + " characters > " + limit);
        }
    }
}
