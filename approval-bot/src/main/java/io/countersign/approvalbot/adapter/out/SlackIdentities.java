package io.countersign.approvalbot.adapter.out;

import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a Slack user to a directory identity: the e-mail address {@code users.info} reports, looked up
 * in the same directory the decision pipeline uses. Cached for ten minutes, so a click costs no Slack
 * call most of the time and a change in the directory or in Slack still shows up soon.
 */
public final class SlackIdentities {

    static final Duration TTL = Duration.ofMinutes(10);

    private record Cached(Optional<Identity> identity, Instant until) {
    }

    private final SlackClient slack;
    private final Directory directory;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public SlackIdentities(SlackClient slack, Directory directory, Clock clock) {
        this.slack = slack;
        this.directory = directory;
        this.clock = clock;
    }

    public Optional<Identity> of(String slackUserId) throws SlackClient.SlackFailure {
        Cached c = cache.get(slackUserId);
        if (c != null && c.until().isAfter(clock.instant())) {
            return c.identity();
        }
        Optional<Identity> identity = slack.email(slackUserId).flatMap(directory::byEmail);
        cache.put(slackUserId, new Cached(identity, clock.instant().plus(TTL)));
        return identity;
    }
}
