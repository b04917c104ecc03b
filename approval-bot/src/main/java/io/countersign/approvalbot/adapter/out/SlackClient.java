package io.countersign.approvalbot.adapter.out;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Slack Web API calls the bot makes, with Slack's rate limits honoured: a 429 waits for its
 * {@code Retry-After}, a 5xx or network failure is retried with backoff, and what still fails is
 * reported to the caller as transient (the approvals dispatcher tries again later, so nothing is lost). An error
 * Slack answers about the call itself ({@code invalid_blocks}, {@code msg_too_long},
 * {@code channel_not_found}, {@code not_in_channel}, {@code invalid_auth}, any other 4xx) is reported as
 * permanent at once: sending the same call again would only be refused again.
 */
public final class SlackClient {

    private static final Logger LOG = LoggerFactory.getLogger(SlackClient.class);
    private static final int ATTEMPTS = 4;

    /** Where a posted message lives, to update it later. */
    public record MessageRef(String channel, String ts) {
    }

    /** Slack errors that say Slack is busy or broken, not that the call is wrong: worth another try later. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "team_added_to_org");

    /** A Slack call that did not succeed after its retries; {@link #error} is Slack's error code (or HTTP status, or exception class). */
    public static final class SlackFailure extends Exception {
        private final String error;
        private final boolean permanent;

        public SlackFailure(String message) {
            this(message, message, false);
        }

        SlackFailure(String message, String error, boolean permanent) {
            super(message, null, false, false);
            this.error = error;
            this.permanent = permanent;
        }

        public String error() {
            return error;
        }

        /** True when Slack refused the call itself: repeating it cannot succeed. */
        public boolean permanent() {
            return permanent;
        }
    }

    /** One Web API call. */
    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run(MethodsClient methods) throws IOException, SlackApiException;
    }

    private final MethodsClient methods;

    public SlackClient(String botToken, String apiUrl) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        this.methods = Slack.getInstance(config).methods(botToken);
    }

    public static Slack slack(String apiUrl) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        return Slack.getInstance(config);
    }

    public MessageRef post(String channel, String text, List<LayoutBlock> blocks) throws SlackFailure {
        var r = call("chat.postMessage", m -> m.chatPostMessage(b -> b.channel(channel).text(text).blocks(blocks)));
        return new MessageRef(r.getChannel(), r.getTs());
    }

    public void update(MessageRef ref, String text, List<LayoutBlock> blocks) throws SlackFailure {
        call("chat.update", m -> m.chatUpdate(b -> b.channel(ref.channel()).ts(ref.ts()).text(text).blocks(blocks)));
    }

    public void reply(MessageRef ref, String text) throws SlackFailure {
        call("chat.postMessage", m -> m.chatPostMessage(b -> b.channel(ref.channel()).threadTs(ref.ts()).text(text)));
    }

    public void ephemeral(String channel, String user, String text) throws SlackFailure {
        call("chat.postEphemeral", m -> m.chatPostEphemeral(b -> b.channel(channel).user(user).text(text)));
    }

    public void openModal(String triggerId, View view) throws SlackFailure {
        call("views.open", m -> m.viewsOpen(b -> b.triggerId(triggerId).view(view)));
    }

    public void publishHome(String userId, View view) throws SlackFailure {
        call("views.publish", m -> m.viewsPublish(b -> b.userId(userId).view(view)));
    }

    /** The Slack user with this e-mail address, if there is one (scope users:read.email). */
    public Optional<String> userIdByEmail(String email) throws SlackFailure {
        try {
            var r = call("users.lookupByEmail", m -> m.usersLookupByEmail(b -> b.email(email)));
            return Optional.ofNullable(r.getUser()).map(u -> u.getId());
        } catch (SlackFailure e) {
            if ("users_not_found".equals(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The e-mail address on a Slack user's profile, if Slack shares it (scope users:read.email). */
    public Optional<String> email(String userId) throws SlackFailure {
        var r = call("users.info", m -> m.usersInfo(b -> b.user(userId)));
        return Optional.ofNullable(r.getUser()).map(u -> u.getProfile() == null ? null : u.getProfile().getEmail());
    }

    private <T extends SlackApiTextResponse> T call(String method, Call<T> call) throws SlackFailure {
        long backoff = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                T r = call.run(methods);
                if (r.isOk()) {
                    return r;
                }
                // An API-level error (channel_not_found, invalid_blocks...) is not fixed by retrying now.
                String error = r.getError() == null ? "unknown_error" : r.getError();
                throw new SlackFailure(method + " failed: " + error, error, !TRANSIENT_ERRORS.contains(error));
            } catch (SlackApiException e) {
                int status = e.getResponse().code();
                boolean transientStatus = status == 429 || status >= 500;
                if (!transientStatus || attempt == ATTEMPTS) {
                    String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "HTTP " + status;
                    throw new SlackFailure(method + " failed with HTTP " + status + ": " + error, error, !transientStatus);
                }
                long wait = status == 429 ? retryAfter(e.getResponse().header("Retry-After"), backoff) : backoff;
                LOG.warn("{} answered HTTP {}; retrying in {} ms", method, status, wait);
                sleep(wait);
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new SlackFailure(method + " failed: " + e.getClass().getSimpleName(), e.getClass().getSimpleName(), false);
                }
                sleep(backoff);
            }
            backoff = Math.min(5_000, backoff * 2);
        }
    }

    /** Slack's Retry-After in seconds, capped at 30 s; {@code fallback} when missing or unreadable. */
    private static long retryAfter(String header, long fallback) {
        try {
            return header == null ? fallback : Math.min(30_000, Math.max(0, Long.parseLong(header.strip())) * 1000);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void sleep(long millis) throws SlackFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackFailure("interrupted");
        }
    }
}
