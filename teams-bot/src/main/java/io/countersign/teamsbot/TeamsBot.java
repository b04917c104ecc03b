package io.countersign.teamsbot;

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
import io.countersign.teamsbot.adapter.in.TeamsActivities;
import io.countersign.teamsbot.adapter.out.ConnectorClient;
import io.countersign.teamsbot.adapter.out.JsonTeamsUsers;
import io.countersign.teamsbot.adapter.out.TeamsCards;
import io.countersign.teamsbot.adapter.out.TeamsChannel;
import io.countersign.teamsbot.adapter.out.TeamsIdentities;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Teams approval bot: posts every approval request to Microsoft Teams as an Adaptive Card, keeps the
 * card up to date with progress and outcome ({@link ApprovalDispatcher} driving {@link TeamsChannel}), and
 * turns approvers' clicks into decisions signed for channel {@code teams} ({@link TeamsActivities} on
 * {@code POST /api/messages}). Reads {@code countersign.approval-requests}, {@code countersign.approval-decisions}
 * and {@code countersign.verdicts} from the beginning (so a restarted bot knows every open request); writes
 * {@code countersign.approval-decisions}. Serves {@code /healthz/live}, {@code /healthz/ready} and
 * {@code /metrics} on the same port. Run one instance ({@link TeamsBotService} holds a lock).
 */
public final class TeamsBot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsBot.class);
    /** The Kafka client ids the bot reports as: its decision producer and its pending-approvals view. */
    static final String CLIENT_ID = "countersign-teams-bot";
    static final String VIEW_CLIENT_ID = "countersign-teams-bot-view";

    private final TeamsBotServer server;
    private final ViewConsumer views;
    private final KafkaDecisionPublisher publisher;
    private final DispatchLoop ticks;

    private TeamsBot(TeamsBotServer server, ViewConsumer views, KafkaDecisionPublisher publisher, DispatchLoop ticks) {
        this.server = server;
        this.views = views;
        this.publisher = publisher;
        this.ticks = ticks;
    }

    /** Starts the bot for the Teams app in {@code config} (Teams enabled, a decision signing key configured), without blast radius. */
    public static TeamsBot start(TeamsBotConfig config, KafkaSettings kafka, SchemaRegistryClient registry, Directory directory,
                                 Clock clock) throws Exception {
        return start(config, BlastRadiusLookup.NONE, kafka, registry, directory, clock);
    }

    /** Starts the bot for the Teams app in {@code config}, its cards showing what {@code blastRadius} finds. */
    public static TeamsBot start(TeamsBotConfig config, BlastRadiusLookup blastRadius, KafkaSettings kafka, SchemaRegistryClient registry,
                                 Directory directory, Clock clock) throws Exception {
        if (!config.teamsEnabled()) {
            throw new IllegalStateException("teams-bot.appId is not set: Teams is disabled");
        }
        var signer = config.decisionSigner(); // before anything starts: fail at start, not on the first click
        PendingApprovals approvals = new PendingApprovals();
        ViewConsumer views = ApprovalRecords.consume(kafka, registry, VIEW_CLIENT_ID, approvals);
        KafkaDecisionPublisher publisher = new KafkaDecisionPublisher(kafka, registry, CLIENT_ID, Duration.ofSeconds(10));
        try {
            ConnectorClient connector = ConnectorClient.create(URI.create(config.tokenUrl()), config.appId(), config.appPassword());
            Path state = Path.of(config.stateDir());
            JsonTeamsUsers users = new JsonTeamsUsers(state.resolve("users.json"));
            TeamsCards cards = new TeamsCards(directory, users, blastRadius, config.dashboardsUrl());
            SubmitDecisionService decisions = new SubmitDecisionService(approvals, directory, publisher, Map.of(TeamsChannel.NAME, signer), clock,
                    config.stepUp() == null ? null : config.stepUp().page());
            TeamsActivities activities = new TeamsActivities(new TeamsIdentities(connector, directory, users, clock), decisions, approvals,
                    directory, cards, connector, clock);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            TeamsBotServer server = TeamsBotServer.start(config, activities, views::caughtUp, metrics::scrape);
            ApprovalDispatcher dispatcher = new ApprovalDispatcher(new TeamsChannel(config, connector, cards, users, directory), approvals,
                    new JsonPostedMessages(state.resolve("posted.json")), clock, config.notifyRequesters(), ApprovalDispatcher.MAX_RETRY, blastRadius);
            DispatchLoop ticks = DispatchLoop.start("teams-bot-dispatch", dispatcher, views::caughtUp);
            LOG.info("Teams bot listening on {}/api/messages, posting {}", server.url(),
                    config.postsToChannel() ? "to channel " + config.channelId() : "to each eligible approver's 1:1 chat");
            return new TeamsBot(server, views, publisher, ticks);
        } catch (Exception | Error e) {
            views.close();
            publisher.close();
            throw e;
        }
    }

    /** {@code http://host:port}: Teams' messaging endpoint is this plus {@code /api/messages}. */
    public URI url() {
        return server.url();
    }

    /** Whether the bot has read the open approval requests from Kafka (what /healthz/ready answers). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return views.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        ticks.close(); // a pass in flight finishes first
        server.close();
        views.close();
        publisher.close();
    }
}
