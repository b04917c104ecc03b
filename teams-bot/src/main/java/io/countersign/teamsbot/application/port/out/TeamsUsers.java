package io.countersign.teamsbot.application.port.out;

import io.countersign.approvals.domain.Identity;

import java.util.Objects;
import java.util.Optional;

/**
 * The Teams users the bot has met (a click, a message, installing the app), mapped to the approver directory,
 * with where to reach them: their Teams user id (for an Adaptive Card's {@code refresh.userIds}) and, once
 * known, their 1:1 chat with the bot (for proactive messages). Kept across restarts: Teams gives a bot no way
 * to message a person it has never met.
 */
public interface TeamsUsers {

    /**
     * One person.
     *
     * @param identity               their identity in the approver directory
     * @param teamsUserId            their Teams user id ({@code 29:...})
     * @param aadObjectId            their Entra ID object id, or null
     * @param serviceUrl             the Bot Connector endpoint of their tenant
     * @param personalConversationId their 1:1 chat with the bot, or null while unknown
     */
    record TeamsUser(Identity identity, String teamsUserId, String aadObjectId, String serviceUrl, String personalConversationId) {
        public TeamsUser {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(teamsUserId, "teamsUserId");
            Objects.requireNonNull(serviceUrl, "serviceUrl");
        }

        public TeamsUser withPersonalConversation(String conversationId) {
            return new TeamsUser(identity, teamsUserId, aadObjectId, serviceUrl, conversationId);
        }
    }

    /** Records {@code user}; a known 1:1 chat is kept when the new record has none. */
    void remember(TeamsUser user);

    Optional<TeamsUser> byIdentity(Identity identity);

    /** The service URL of the 1:1 chat {@code conversationId}, if it is one the bot knows. */
    Optional<String> serviceUrlOf(String conversationId);
}
