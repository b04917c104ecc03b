package io.countersign.approvals.adapter.out;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.application.port.out.PostedMessages;
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
import java.util.Set;

/**
 * {@link PostedMessages} in a small JSON file, rewritten atomically (temporary file, then rename) on every
 * change, so a crash leaves either the old or the new state, never half of one. An unreadable file is
 * reported and treated as empty: open requests are posted again rather than lost.
 */
public final class JsonPostedMessages implements PostedMessages {

    private static final Logger LOG = LoggerFactory.getLogger(JsonPostedMessages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Posted> byRequest = new LinkedHashMap<>();

    public JsonPostedMessages(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                byRequest.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Posted>>() { }));
            } catch (IOException e) {
                LOG.warn("Cannot read {} ({}); open approval requests will be posted again", file, e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized Optional<Posted> get(String requestId) {
        return Optional.ofNullable(byRequest.get(requestId));
    }

    @Override
    public synchronized void put(String requestId, Posted posted) {
        byRequest.put(requestId, posted);
        save();
    }

    @Override
    public synchronized void remove(String requestId) {
        if (byRequest.remove(requestId) != null) {
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
            JSON.writeValue(tmp.toFile(), byRequest);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
