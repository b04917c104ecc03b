package io.countersign.approvalbot;

import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.KafkaSettings;
import io.countersign.config.RegistrySettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.service.ServiceLifecycle;
import io.countersign.service.SingleInstanceLock;

import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Slack approval bot as a deployable service ({@code countersign approval-bot}, or this class's
 * {@code main}): {@link ApprovalBot} with the pipeline's approver directory ({@code stream-processors.directoryFile}).
 *
 * <p><b>One instance.</b> Every bot reads all open approval requests and posts each one it has no message
 * for in its state file, so two bots would post every request twice. This service therefore holds an
 * exclusive lock on {@code <stateFile>.lock} while it runs: a second bot on the same state file (same host
 * or shared volume) refuses to start. Bots with separate state files cannot see each other: run one.
 * A restarted bot reads its state file and updates its earlier messages instead of posting again.
 */
public final class ApprovalBotService implements AutoCloseable {

    static final String NAME = "approval-bot";

    private final ApprovalBot bot;
    private final SingleInstanceLock lockFile;

    private ApprovalBotService(ApprovalBot bot, SingleInstanceLock lockFile) {
        this.bot = bot;
        this.lockFile = lockFile;
    }

    public static void main(String[] args) {
        System.exit(ServiceLifecycle.main("countersign-" + NAME, args, ApprovalBotService::start));
    }

    /** Starts the bot from countersign.yaml's kafka, registry, approval-bot and blastRadius sections. */
    public static ApprovalBotService start(ConfigLoader config, PrintWriter out) throws Exception {
        RegistrySettings r = config.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
        ApprovalBotConfig bot = config.section("approval-bot", ApprovalBotConfig.class, ApprovalBotConfig.DEFAULTS);
        if (!bot.slackEnabled()) {
            throw new ConfigException("Slack is not configured: set approval-bot.botToken and approval-bot.signingSecret"
                    + " (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET); without Slack, approvers use the gateway's /v1/approvals");
        }
        return start(config.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS),
                new HttpSchemaRegistryClient(r.url(), r.username(), r.password()), bot,
                config.section("blastRadius", BlastRadiusConfig.class, BlastRadiusConfig.NONE), ServiceLifecycle.pipelineDirectoryFile(config), out);
    }

    /** Starts the bot without blast-radius lines (Slack must be enabled). */
    public static ApprovalBotService start(KafkaSettings kafka, SchemaRegistryClient registry, ApprovalBotConfig config,
                                           String directoryFile, PrintWriter out) throws Exception {
        return start(kafka, registry, config, BlastRadiusConfig.NONE, directoryFile, out);
    }

    /**
     * Starts the bot (Slack must be enabled) once it has read the open requests, its cards with the blast radius
     * {@code blastRadius} configures (none without an index); prints its start-up facts.
     */
    public static ApprovalBotService start(KafkaSettings kafka, SchemaRegistryClient registry, ApprovalBotConfig config,
                                           BlastRadiusConfig blastRadius, String directoryFile, PrintWriter out) throws Exception {
        ServiceLifecycle.requireKafka(kafka);
        SingleInstanceLock lock = SingleInstanceLock.acquire(Path.of(config.stateFile() + ".lock"), "approval bot");
        try {
            Directory directory = directoryFile == null ? Directory.of(Map.of()) : YamlDirectory.load(Path.of(directoryFile));
            ApprovalBot bot = ApprovalBot.start(config, blastRadius.lookup(), kafka, registry, directory, Clock.systemUTC())
                    .orElseThrow(() -> new ConfigException("Slack is not configured: set approval-bot.botToken and approval-bot.signingSecret"));
            bot.awaitReady(Duration.ofSeconds(60));
            ServiceLifecycle.fact(out, NAME, "version", ServiceLifecycle.version(ApprovalBotService.class));
            ServiceLifecycle.fact(out, NAME, "bootstrap-servers", kafka.bootstrapServers());
            ServiceLifecycle.fact(out, NAME, "url", bot.url() + "/slack/events");
            ServiceLifecycle.fact(out, NAME, "state-file", config.stateFile());
            ServiceLifecycle.fact(out, NAME, "approvers", directoryFile == null ? "none (no click counts)" : directoryFile);
            ServiceLifecycle.fact(out, NAME, "blast-radius", blastRadius.enabled() ? blastRadius.opensearchUrl() : "off (no blastRadius.opensearchUrl)");
            ServiceLifecycle.fact(out, NAME, "health", bot.url() + "/healthz/ready");
            return new ApprovalBotService(bot, lock);
        } catch (Exception e) {
            lock.close();
            throw e;
        }
    }

    public ApprovalBot bot() {
        return bot;
    }

    @Override
    public void close() throws IOException {
        try {
            bot.close();
        } finally {
            lockFile.close();
        }
    }
}
