package io.countersign.approvalbot.adapter.out;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which Slack message shows which approval request, kept in a small JSON file written atomically, so a
 * restarted bot updates the messages it posted before instead of posting them again. (Clicks need no
 * state: the request id travels in the button.)
 */
public final class MessageRefs {

    private static final Logger LOG = LoggerFactory.getLogger(MessageRefs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A posted message and what it last showed. */
    public record Entry(String channel, String ts, int shownDecisions) {
        public SlackClient.MessageRef ref() {
            return new SlackClient.MessageRef(channel, ts);
        }
    }

    private final Path file;
    private final Map<String, Entry> byRequest = new LinkedHashMap<>();

    public MessageRefs(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                byRequest.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() { }));
            } catch (IOException e) {
                // Losing the refs means reposting open requests, never losing one: say so and go on.
                LOG.warn("Cannot read {} ({}); open requests will be posted again", file, e.getClass().getSimpleName());
            }
        }
    }

    public synchronized Optional<Entry> get(String requestId) {
        return Optional.ofNullable(byRequest.get(requestId));
    }

    public synchronized void put(String requestId, Entry entry) {
        byRequest.put(requestId, entry);
        save();
    }

    public synchronized void remove(String requestId) {
        if (byRequest.remove(requestId) != null) {
            save();
        }
    }

    public synchronized Map<String, Entry> all() {
        return Map.copyOf(byRequest);
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), byRequest);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
