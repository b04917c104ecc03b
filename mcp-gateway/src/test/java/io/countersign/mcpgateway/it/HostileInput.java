package io.countersign.mcpgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Random;
import java.util.Set;

/**
 * Fuzzed JSON-RPC for the gateway, from a seeded RNG (the same run every time): invalid JSON, truncated and
 * randomly mutated MCP requests, other JSON values than an object, wrong types for {@code jsonrpc}, {@code id},
 * {@code method} and {@code params}, unknown methods and huge ids. {@link #expect} says, by JSON-RPC 2.0's own
 * rules, whether an answer is due, with which id, and whether it must be an error.
 */
final class HostileInput {

    /** What a message is owed: {@code due} an answer, with {@code id} (null: JSON-RPC's id null), an error unless {@code maySucceed}. */
    record Expectation(boolean due, JsonNode id, boolean maySucceed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("ping", "tools/list", "tools/call", "resources/list", "resources/read",
            "resources/templates/list", "prompts/list", "prompts/get", "logging/setLevel", "completion/complete");
    private static final String NOISE = "{}[]\",:0123456789abcdeiu\\ -.e+ntrufalsl";

    private final Random rng;
    private final String helloPath;
    private int n;

    HostileInput(long seed, String helloPath) {
        this.rng = new Random(seed);
        this.helloPath = helloPath;
    }

    /** The next hostile line (no newline in it). */
    String next() {
        n++;
        String id = rng.nextBoolean() ? String.valueOf(100_000 + n) : "\"fz-" + n + "\"";
        return switch (rng.nextInt(8)) {
            case 0 -> garbage();
            case 1 -> valid(id).substring(0, 1 + rng.nextInt(valid(id).length() - 1)); // truncated
            case 2 -> mutate(valid(id));
            case 3 -> new String[]{"[1,2,3]", "\"a string\"", "42", "null", "true", "[]", "{}", "[" + valid(id) + "]"}[rng.nextInt(8)];
            case 4 -> wrongTypes(id);
            case 5 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + randomWord() + "/" + randomWord() + "\",\"params\":{}}";
            case 6 -> hugeId();
            default -> mutate(mutate(valid(id)));
        };
    }

    private String valid(String id) {
        return switch (Math.floorMod(id.hashCode(), 4)) {
            case 0 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
            case 1 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\",\"params\":{}}";
            case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
                    + "\"arguments\":{\"path\":\"" + helloPath + "\"}}}";
            default -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"resources/list\"}";
        };
    }

    private String garbage() {
        StringBuilder sb = new StringBuilder();
        int len = 1 + rng.nextInt(200);
        for (int i = 0; i < len; i++) {
            sb.append(rng.nextInt(4) == 0 ? (char) (0x21 + rng.nextInt(0x5d)) : NOISE.charAt(rng.nextInt(NOISE.length())));
        }
        return sb.toString().strip().isEmpty() ? "x" : sb.toString();
    }

    private String mutate(String s) {
        StringBuilder sb = new StringBuilder(s);
        for (int edits = 1 + rng.nextInt(3); edits > 0 && sb.length() > 1; edits--) {
            int at = rng.nextInt(sb.length());
            char c = NOISE.charAt(rng.nextInt(NOISE.length()));
            switch (rng.nextInt(3)) {
                case 0 -> sb.setCharAt(at, c);
                case 1 -> sb.deleteCharAt(at);
                default -> sb.insert(at, c);
            }
        }
        return sb.toString().isBlank() ? "x" : sb.toString();
    }

    private String wrongTypes(String id) {
        String[] values = {"1", "1.5", "true", "null", "[]", "[1]", "{}", "{\"a\":1}", "\"2.0\"", "\"1.0\"", "\"\""};
        String v = values[rng.nextInt(values.length)];
        return switch (rng.nextInt(4)) {
            case 0 -> "{\"jsonrpc\":" + v + ",\"id\":" + id + ",\"method\":\"ping\"}";
            case 1 -> "{\"jsonrpc\":\"2.0\",\"id\":" + v + ",\"method\":\"ping\"}";
            case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + v + "}";
            default -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":" + v + "}";
        };
    }

    private String hugeId() {
        StringBuilder digits = new StringBuilder().append(1 + rng.nextInt(9));
        int len = new int[]{20, 40, 400, 2_000}[rng.nextInt(4)];
        while (digits.length() < len) {
            digits.append(rng.nextInt(10));
        }
        String id = rng.nextBoolean() ? digits.toString() : "\"" + "x".repeat(len * 5) + n + "\"";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + (rng.nextBoolean() ? "ping" : "no/such") + "\"}";
    }

    private String randomWord() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + rng.nextInt(12); i > 0; i--) {
            sb.append((char) ('a' + rng.nextInt(26)));
        }
        return sb.toString();
    }

    /** What {@code line} is owed under JSON-RPC 2.0 (as MCP uses it: ids are strings or integers). */
    static Expectation expect(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            return new Expectation(true, null, false);
        }
        if (node == null || !node.isObject()) {
            return new Expectation(true, null, false);
        }
        JsonNode id = node.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        JsonNode method = node.get("method");
        if (method == null) {
            boolean response = validId && (node.has("result") || node.path("error").isObject());
            return response ? new Expectation(false, null, true) : new Expectation(true, validId ? id : null, false);
        }
        if (id == null) {
            return new Expectation(false, null, true); // a notification: JSON-RPC answers none
        }
        if (!validId) {
            return new Expectation(true, null, false);
        }
        JsonNode params = node.get("params");
        boolean wellFormed = "2.0".equals(node.path("jsonrpc").textValue()) && method.isTextual() && KNOWN.contains(method.textValue())
                && (params == null || params.isObject());
        return new Expectation(true, id, wellFormed);
    }
}
