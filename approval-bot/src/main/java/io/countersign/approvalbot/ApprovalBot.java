package io.countersign.approvalbot;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import io.countersign.approvalbot.adapter.in.DecisionHandlers;
import io.countersign.approvalbot.adapter.in.HomeTab;
import io.countersign.approvalbot.adapter.in.SlackEventsHandler;
import io.countersign.approvalbot.adapter.out.Destinations;
import io.countersign.approvalbot.adapter.out.SlackChannel;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.adapter.out.SlackIdentities;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.DispatchLoop;
import io.countersign.approvals.adapter.in.kafka.ApprovalRecords;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.adapter.in.kafka.ViewConsumer;
import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.adapter.out.KafkaDecisionPublisher;
import io.countersign.approvals.application.ApprovalDispatcher;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.application.SubmitDecisionService;
import io.countersign.approvals.domain.Directory;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.http.OperationsHandler;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The approval bot: posts every approval request to Slack and turns approvers' clicks into decisions, a thin
 * adapter on the approvals core: {@link SlackChannel} is its {@code ApprovalChannel}, driven by the core's
 * {@link ApprovalDispatcher} (messages kept in {@code approval-bot.stateFile}), and clicks go through the core's
 * {@code SubmitDecisionUseCase}.
 * Reads {@code countersign.approval-requests}, {@code countersign.approval-decisions} and
 * {@code countersign.verdicts} (from the beginning, so a restarted bot knows every open request);
 * writes {@code countersign.approval-decisions}. Serves Slack's Request URL at
 * {@code POST /slack/events}, and {@code /healthz/live}, {@code /healthz/ready} and {@code /metrics}
 * on the same port. Run one instance: each bot posts every open request (see {@link ApprovalBotService}).
 */
public final class ApprovalBot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalBot.class);
    /** The Kafka client ids the bot reports as: its decision producer and its pending-approvals view. */
    static final String CLIENT_ID = "countersign-approval-bot";
    static final String VIEW_CLIENT_ID = "countersign-approval-bot-view";
    /** The longest wait between two tries of a message Slack failed on. */
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final Server server;
    private final ViewConsumer views;
    private final KafkaDecisionPublisher publisher;
    private final DispatchLoop ticks;
    private final ExecutorService work;
    private final URI url;

    private ApprovalBot(Server server, ViewConsumer views, KafkaDecisionPublisher publisher, DispatchLoop ticks, ExecutorService work, URI url) {
        this.server = server;
        this.views = views;
        this.publisher = publisher;
        this.ticks = ticks;
        this.work = work;
        this.url = url;
    }

    /** Starts the bot without blast-radius lines, or returns empty when no Slack token is configured. */
    public static Optional<ApprovalBot> start(ApprovalBotConfig config, KafkaSettings kafka, SchemaRegistryClient registry,
                                                        Directory directory, Clock clock) throws Exception {
        return start(config, BlastRadiusLookup.NONE, kafka, registry, directory, clock);
    }

    /**
     * Starts the bot, its cards showing what {@code blastRadius} finds, or returns empty with a log line saying how
     * to enable it when no Slack token is configured.
     */
    public static Optional<ApprovalBot> start(ApprovalBotConfig config, BlastRadiusLookup blastRadius, KafkaSettings kafka,
                                              SchemaRegistryClient registry, Directory directory, Clock clock) throws Exception {
        if (!config.slackEnabled()) {
            LOG.info("Slack approvals disabled: set approval-bot.botToken and approval-bot.signingSecret (SLACK_BOT_TOKEN,"
                    + " SLACK_SIGNING_SECRET) to enable them; the approval API (/v1/approvals) works without Slack");
            return Optional.empty();
        }
        DecisionSignature.Signer signer = config.decisionSigner();
        PendingApprovals approvals = new PendingApprovals();
        ViewConsumer views = ApprovalRecords.consume(kafka, registry, VIEW_CLIENT_ID, approvals);
        KafkaDecisionPublisher publisher = new KafkaDecisionPublisher(kafka, registry, CLIENT_ID, Duration.ofSeconds(10));
        SlackClient slack = new SlackClient(config.botToken(), config.slackApiUrl());
        ExecutorService work = Executors.newFixedThreadPool(4, r -> daemon(r, "approval-bot-work"));
        App app = new App(AppConfig.builder().singleTeamBotToken(config.botToken()).signingSecret(config.signingSecret())
                .slack(SlackClient.slack(config.slackApiUrl())).build());
        SlackIdentities identities = new SlackIdentities(slack, directory, clock);
        SubmitDecisionService decisions = new SubmitDecisionService(approvals, directory, publisher, Map.of(DecisionHandlers.CHANNEL, signer), clock,
                config.stepUp() == null ? null : config.stepUp().page());
        new DecisionHandlers(approvals, identities, slack, decisions, work).register(app);
        RequestMessage message = new RequestMessage(config.dashboardsUrl());
        new HomeTab(approvals, identities, slack, directory, message, work, clock).register(app);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        app.start();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        server.setHandler(new GracefulHandler(new OperationsHandler(new SlackEventsHandler(app), views::caughtUp, metrics::scrape)));
        server.setStopTimeout(5_000); // in-flight clicks finish: Slack shows an error for a dropped one
        server.start();
        SlackChannel channel = new SlackChannel(slack,
                new Destinations(config.directMessages(), config.defaultChannel(), config.groupChannels(), directory, slack), message);
        // Slack's rate limits are per workspace and strict: a failing message waits up to 5 minutes between tries.
        ApprovalDispatcher dispatcher = new ApprovalDispatcher(channel, approvals, new JsonPostedMessages(Path.of(config.stateFile())), clock,
                config.notifyRequesters(), MAX_RETRY, blastRadius);
        DispatchLoop ticks = DispatchLoop.start("approval-bot-slack", dispatcher, views::caughtUp);
        URI url = URI.create("http://" + config.host() + ":" + connector.getLocalPort());
        LOG.info("Approval bot listening on {}/slack/events, posting {}", url,
                config.directMessages() ? "to each eligible approver directly" : "to " + config.defaultChannel() + " unless the policy routes elsewhere");
        return Optional.of(new ApprovalBot(server, views, publisher, ticks, work, url));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public URI url() {
        return url;
    }

    /** Whether the bot has read the open approval requests from Kafka (what /healthz/ready answers). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return views.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        ticks.close(); // a pass in flight finishes first
        work.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Approval bot HTTP server did not stop cleanly: {}", e.toString());
        }
        views.close();
        publisher.close();
    }
}
