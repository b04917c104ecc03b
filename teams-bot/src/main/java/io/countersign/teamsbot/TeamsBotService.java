package io.countersign.teamsbot;

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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Teams approval bot as a deployable service ({@code countersign teams-bot}, or this class's {@code main}):
 * {@link TeamsBot} with the pipeline's approver directory ({@code stream-processors.directoryFile}). Holds an
 * exclusive lock on {@code <stateDir>/teams-bot.lock} while it runs, so a second bot on the same state refuses
 * to start instead of posting every request twice.
 */
public final class TeamsBotService implements AutoCloseable {

    static final String NAME = "teams-bot";

    private final TeamsBot bot;
    private final SingleInstanceLock lock;

    private TeamsBotService(TeamsBot bot, SingleInstanceLock lock) {
        this.bot = bot;
        this.lock = lock;
    }

    public static void main(String[] args) {
        System.exit(ServiceLifecycle.main("countersign-" + NAME, args, TeamsBotService::start));
    }

    /** Starts the bot from countersign.yaml's kafka, registry, teams-bot and blastRadius sections. */
    public static TeamsBotService start(ConfigLoader config, PrintWriter out) throws Exception {
        RegistrySettings r = config.section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
        TeamsBotConfig teams = config.section("teams-bot", TeamsBotConfig.class, TeamsBotConfig.DEFAULTS);
        if (!teams.teamsEnabled()) {
            throw new ConfigException("Teams is not configured: set teams-bot.appId and teams-bot.appPassword (TEAMS_APP_ID,"
                    + " TEAMS_APP_PASSWORD) from the Azure Bot registration; without Teams, approvers use Slack or /v1/approvals");
        }
        return start(config.section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS),
                new HttpSchemaRegistryClient(r.url(), r.username(), r.password()), teams,
                config.section("blastRadius", BlastRadiusConfig.class, BlastRadiusConfig.NONE), ServiceLifecycle.pipelineDirectoryFile(config), out);
    }

    /** Starts the bot (Teams must be enabled) without blast-radius lines. */
    public static TeamsBotService start(KafkaSettings kafka, SchemaRegistryClient registry, TeamsBotConfig config, String directoryFile,
                                        PrintWriter out) throws Exception {
        return start(kafka, registry, config, BlastRadiusConfig.NONE, directoryFile, out);
    }

    /**
     * Starts the bot (Teams must be enabled) once it has read the open requests, its cards with the blast radius
     * {@code blastRadius} configures (none without an index); prints its start-up facts.
     */
    public static TeamsBotService start(KafkaSettings kafka, SchemaRegistryClient registry, TeamsBotConfig config, BlastRadiusConfig blastRadius,
                                        String directoryFile, PrintWriter out) throws Exception {
        ServiceLifecycle.requireKafka(kafka);
        SingleInstanceLock lock = SingleInstanceLock.acquire(Path.of(config.stateDir(), "teams-bot.lock"), "Teams bot");
        try {
            Directory directory = directoryFile == null ? Directory.of(Map.of()) : YamlDirectory.load(Path.of(directoryFile));
            TeamsBot bot = TeamsBot.start(config, blastRadius.lookup(), kafka, registry, directory, Clock.systemUTC());
            bot.awaitReady(Duration.ofSeconds(60));
            ServiceLifecycle.fact(out, NAME, "version", ServiceLifecycle.version(TeamsBotService.class));
            ServiceLifecycle.fact(out, NAME, "bootstrap-servers", kafka.bootstrapServers());
            ServiceLifecycle.fact(out, NAME, "url", bot.url() + "/api/messages");
            ServiceLifecycle.fact(out, NAME, "posts-to", config.postsToChannel() ? "channel " + config.channelId() : "1:1 chats");
            ServiceLifecycle.fact(out, NAME, "state-dir", config.stateDir());
            ServiceLifecycle.fact(out, NAME, "approvers", directoryFile == null ? "none (no click counts)" : directoryFile);
            ServiceLifecycle.fact(out, NAME, "blast-radius", blastRadius.enabled() ? blastRadius.opensearchUrl() : "off (no blastRadius.opensearchUrl)");
            ServiceLifecycle.fact(out, NAME, "health", bot.url() + "/healthz/ready");
            return new TeamsBotService(bot, lock);
        } catch (Exception e) {
            lock.close();
            throw e;
        }
    }

    public TeamsBot bot() {
        return bot;
    }

    @Override
    public void close() throws IOException {
        try {
            bot.close();
        } finally {
            lock.close();
        }
    }
}
