package io.countersign.teamsbot.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.teamsbot.application.port.out.TeamsUsers;
import io.countersign.teamsbot.domain.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who sent an activity, as the approver directory knows them: the sender's e-mail address or user principal
 * name, as the Bot Connector reports the conversation member ({@code GET /v3/conversations/{id}/members/{userId}},
 * Teams' counterpart of Slack's {@code users.info}), mapped by {@link Directory#byEmail}. Never what the
 * activity's text or card data claims. Lookups are cached per Entra ID object id for {@link #CACHE_FOR}, so a
 * change in the directory or at Microsoft counts within minutes; every resolved person is remembered in
 * {@link TeamsUsers} (with their 1:1 chat when the activity came from one) so the bot can reach them later.
 */
public final class TeamsIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsIdentities.class);
    static final Duration CACHE_FOR = Duration.ofMinutes(10);

    /** What the lookup found: the directory identity (empty: not an approver) and the address it was found by. */
    public record Resolved(Optional<Identity> identity, String address) {
    }

    private record Cached(Resolved resolved, Instant at) {
    }

    private final ConnectorClient connector;
    private final Directory directory;
    private final TeamsUsers users;
    private final InstantSource clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TeamsIdentities(ConnectorClient connector, Directory directory, TeamsUsers users, InstantSource clock) {
        this.connector = connector;
        this.directory = directory;
        this.users = users;
        this.clock = clock;
    }

    /** The sender of {@code activity}; empty identity when Teams does not know them or the directory has no such person. */
    public Resolved resolve(Activity activity) throws ConnectorException, InterruptedException {
        if (activity.fromId() == null || activity.conversationId() == null) {
            return new Resolved(Optional.empty(), "an unnamed sender");
        }
        String key = activity.fromAadObjectId() != null ? activity.fromAadObjectId() : activity.fromId();
        Cached cached = cache.get(key);
        Instant now = clock.instant();
        Resolved resolved;
        if (cached != null && cached.at().plus(CACHE_FOR).isAfter(now)) {
            resolved = cached.resolved();
        } else {
            JsonNode member = connector.member(activity.serviceUrl(), activity.conversationId(), activity.fromId());
            String email = text(member, "email");
            String upn = text(member, "userPrincipalName");
            Optional<Identity> identity = directory.byEmail(email).or(() -> directory.byEmail(upn));
            resolved = new Resolved(identity, email != null ? email : upn != null ? upn : "an account without an e-mail address");
            cache.put(key, new Cached(resolved, now));
            if (identity.isEmpty()) {
                LOG.info("Teams user {} maps to nobody in the approver directory", key);
            }
        }
        resolved.identity().ifPresent(id -> users.remember(new TeamsUsers.TeamsUser(id, activity.fromId(), activity.fromAadObjectId(),
                activity.serviceUrl().value(), activity.personalChat() ? activity.conversationId() : null)));
        return resolved;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
