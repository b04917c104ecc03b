package io.countersign.approvalbot.adapter.out;

import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import io.countersign.schema.ApprovalRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a request is shown: the channel its policy rule routes to, else the channel configured for its
 * first eligible group that has one, else the default channel; or — with
 * direct messages on — a DM to each person who may decide it: the members of its eligible groups, less
 * everyone in the delegation chain, found in Slack by their directory e-mail address.
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

    /** Slack channel names or user ids to post {@code r} to. */
    public List<String> of(ApprovalRequest r) throws SlackClient.SlackFailure {
        if (!directMessages) {
            if (r.getRoute() != null) {
                return List.of(r.getRoute());
            }
            return List.of(r.getEligibleGroups().stream().filter(groupChannels::containsKey).map(groupChannels::get).findFirst()
                    .orElse(defaultChannel));
        }
        Set<Identity> people = new LinkedHashSet<>();
        r.getEligibleGroups().forEach(g -> people.addAll(directory.members(g)));
        people.removeAll(ApprovalRules.delegationChain(r.getIntent()));
        List<String> out = new ArrayList<>();
        for (Identity person : people) {
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
