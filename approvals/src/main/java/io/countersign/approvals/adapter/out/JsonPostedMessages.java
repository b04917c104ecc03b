package io.countersign.approvals.adapter.out;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.application.port.out.ApprovalChannel.SentMessage;
import io.countersign.approvals.application.port.out.PostedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link PostedMessages} in a small JSON file ({@code {"<request id>": [{"destination", "message":
 * {"conversation", "messageId"}, "shownDecisions"}, …]}}), rewritten atomically (temporary file, then rename)
 * on every change, so a crash leaves either the old or the new state, never half of one. An unreadable file
 * is reported and treated as empty: open requests are posted again rather than lost.
 *
 * <p>Also reads the Slack bot's earlier state file ({@code slack-messages.json} before the bot ran on the
 * approvals core: {@code {"<request id>|<destination>": {"channel", "ts", "shownDecisions"}}}), so an upgraded
 * bot updates the messages it posted before; the file is rewritten in the new form on the first change. A
 * request id may hold a {@code |}, a Slack destination (channel name or id, user id) holds none: the last
 * {@code |} separates them.
 */
public final class JsonPostedMessages implements PostedMessages {

    private static final Logger LOG = LoggerFactory.getLogger(JsonPostedMessages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Map<String, Posted>> byRequest = new LinkedHashMap<>();

    public JsonPostedMessages(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                read(JSON.readTree(file.toFile()));
            } catch (IOException | IllegalArgumentException e) {
                byRequest.clear();
                LOG.warn("Cannot read {} ({}); open approval requests will be posted again", file, e.getClass().getSimpleName());
            }
        }
    }

    private void read(JsonNode root) throws IOException {
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode value = e.getValue();
            if (value.isArray()) {
                for (Posted p : JSON.convertValue(value, new TypeReference<List<Posted>>() { })) {
                    byRequest.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(p.destination(), p);
                }
            } else if (value.has("ts") && e.getKey().contains("|")) {
                int bar = e.getKey().lastIndexOf('|');
                String destination = e.getKey().substring(bar + 1);
                byRequest.computeIfAbsent(e.getKey().substring(0, bar), k -> new LinkedHashMap<>()).put(destination, new Posted(destination,
                        new SentMessage(value.path("channel").asText(), value.path("ts").asText()), value.path("shownDecisions").asInt()));
            } else {
                LOG.warn("{}: entry {} has an unknown form; its request will be posted again if still open", file, e.getKey());
            }
        }
    }

    @Override
    public synchronized List<Posted> of(String requestId) {
        Map<String, Posted> posted = byRequest.get(requestId);
        return posted == null ? List.of() : List.copyOf(posted.values());
    }

    @Override
    public synchronized void put(String requestId, Posted posted) {
        byRequest.computeIfAbsent(requestId, k -> new LinkedHashMap<>()).put(posted.destination(), posted);
        save();
    }

    @Override
    public synchronized void remove(String requestId, String destination) {
        Map<String, Posted> posted = byRequest.get(requestId);
        if (posted != null && posted.remove(destination) != null) {
            if (posted.isEmpty()) {
                byRequest.remove(requestId);
            }
            save();
        }
    }

    @Override
    public synchronized Set<String> requestIds() {
        return Set.copyOf(byRequest.keySet());
    }

    private void save() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Map<String, List<Posted>> out = new LinkedHashMap<>();
            byRequest.forEach((id, posted) -> out.put(id, new ArrayList<>(posted.values())));
            JSON.writeValue(tmp.toFile(), out);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
