package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.domain.Identity;
import io.countersign.teamsbot.application.port.out.TeamsUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TeamsUsers} in a JSON file keyed by directory identity, rewritten atomically on every change. An
 * unreadable file is reported and treated as empty: people are met again on their next click or message.
 */
public final class JsonTeamsUsers implements TeamsUsers {

    private static final Logger LOG = LoggerFactory.getLogger(JsonTeamsUsers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file form of one user (identities as strings). */
    record Stored(String teamsUserId, String aadObjectId, String serviceUrl, String personalConversationId) {
    }

    private final Path file;
    private final Map<String, Stored> users = new LinkedHashMap<>();

    public JsonTeamsUsers(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                users.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Stored>>() { }));
            } catch (IOException e) {
                LOG.warn("Cannot read {} ({}); Teams users are met again on their next click", file, e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized void remember(TeamsUser user) {
        Stored old = users.get(user.identity().value());
        String personal = user.personalConversationId() != null ? user.personalConversationId()
                : old == null ? null : old.personalConversationId();
        Stored stored = new Stored(user.teamsUserId(), user.aadObjectId(), user.serviceUrl(), personal);
        if (!stored.equals(old)) {
            users.put(user.identity().value(), stored);
            save();
        }
    }

    @Override
    public synchronized Optional<TeamsUser> byIdentity(Identity identity) {
        Stored s = users.get(identity.value());
        return s == null ? Optional.empty()
                : Optional.of(new TeamsUser(identity, s.teamsUserId(), s.aadObjectId(), s.serviceUrl(), s.personalConversationId()));
    }

    @Override
    public synchronized Optional<String> serviceUrlOf(String conversationId) {
        return users.values().stream().filter(s -> Objects.equals(s.personalConversationId(), conversationId)).map(Stored::serviceUrl)
                .findFirst();
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), users);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
