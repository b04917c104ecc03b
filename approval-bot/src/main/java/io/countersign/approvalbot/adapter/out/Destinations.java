package io.countersign.approvalbot.adapter.out;

import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a request is shown: the channel its policy rule routes to, else the channel configured for its
 * first eligible group that has one, else the default channel; or — with
 * direct messages on — a DM to each person who may decide it: the members of its eligible groups, less
 * everyone in the delegation chain and those who decided already, found in Slack by their directory e-mail
 * address (remembered until restart, found or not).
 */
public final class Destinations {

    private final boolean directMessages;
    private final String defaultChannel;
    private final Map<String, String> groupChannels;
    private final Directory directory;
    private final SlackClient slack;
    private final ConcurrentHashMap<String, Optional<String>> slackIds = new ConcurrentHashMap<>();

    public Destinations(boolean directMessages, String defaultChannel, Map<String, String> groupChannels, Directory directory,
                        SlackClient slack) {
        this.directMessages = directMessages;
        this.defaultChannel = defaultChannel;
        this.groupChannels = groupChannels;
        this.directory = directory;
        this.slack = slack;
    }

    /** Slack channel names or user ids to post {@code card}'s request to. */
    public List<String> of(ApprovalCard card) throws SlackClient.SlackFailure {
        if (!directMessages) {
            if (card.route() != null) {
                return List.of(card.route());
            }
            return List.of(card.progress().eligibleGroups().stream().filter(groupChannels::containsKey).map(groupChannels::get).findFirst()
                    .orElse(defaultChannel));
        }
        List<String> out = new ArrayList<>();
        for (Identity person : ApprovalRules.stillEligible(card, directory).stream().sorted(Comparator.comparing(Identity::value)).toList()) {
            if (person.kind().equals("user") && person.name().contains("@")) {
                Optional<String> id = slackIds.get(person.name());
                if (id == null) {
                    id = slack.userIdByEmail(person.name());
                    slackIds.put(person.name(), id);
                }
                id.ifPresent(out::add);
            }
        }
        return out;
    }
}
