package io.countersign.teamsbot;

import io.countersign.http.JettyServer;
import io.countersign.http.OperationsHandler;
import io.countersign.teamsbot.adapter.in.BotFrameworkAuth;
import io.countersign.teamsbot.adapter.in.MessagesEndpoint;
import io.countersign.teamsbot.adapter.in.OpenIdKeys;
import io.countersign.teamsbot.application.ActivityHandler;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the Teams messaging endpoint ({@link MessagesEndpoint}, {@code POST /api/messages}) and the
 * operational endpoints ({@link OperationsHandler}) on the shared Jetty set-up ({@link JettyServer}) at the configured host and port, verifying every request against the Bot
 * Framework's OpenID keys from {@code openIdMetadataUrl} before {@code handler} sees it. Reads and writes no
 * topic; what the handler does with an activity is its own business.
 */
public final class TeamsBotServer implements AutoCloseable {

    /** How long fetched signing keys are trusted before they are fetched again. */
    static final Duration KEYS_MAX_AGE = Duration.ofHours(24);
    /** The least time between two key fetches prompted by unknown key ids. */
    static final Duration KEYS_REFRESH_COOLDOWN = Duration.ofMinutes(5);

    private final JettyServer server;

    private TeamsBotServer(JettyServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint for the app in {@code config}, with {@code /healthz/live}, {@code /healthz/ready}
     * ({@code ready}) and {@code /metrics} ({@code metrics}) on the same port; listening when this returns.
     */
    public static TeamsBotServer start(TeamsBotConfig config, ActivityHandler handler, BooleanSupplier ready, Supplier<String> metrics)
            throws Exception {
        return start(config, handler, Clock.systemUTC(), KEYS_REFRESH_COOLDOWN, ready, metrics);
    }

    static TeamsBotServer start(TeamsBotConfig config, ActivityHandler handler, Clock clock, Duration keysRefreshCooldown) throws Exception {
        return start(config, handler, clock, keysRefreshCooldown, () -> true, () -> "");
    }

    private static TeamsBotServer start(TeamsBotConfig config, ActivityHandler handler, Clock clock, Duration keysRefreshCooldown,
                                        BooleanSupplier ready, Supplier<String> metrics) throws Exception {
        if (!config.teamsEnabled()) {
            throw new IllegalStateException("teams-bot.appId is not set: Teams is disabled");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        OpenIdKeys keys = new OpenIdKeys(http, URI.create(config.openIdMetadataUrl()), clock, KEYS_MAX_AGE, keysRefreshCooldown);
        MessagesEndpoint endpoint = new MessagesEndpoint(new BotFrameworkAuth(keys, config.appId(), clock), handler);
        return new TeamsBotServer(JettyServer.start(new JettyServer.Settings("teams-bot", config.host(), config.port(), 16, 2,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), true), new OperationsHandler(endpoint, ready, metrics)));
    }

    /** {@code http://host:port}, with the port actually bound. */
    public URI url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
    }
}
