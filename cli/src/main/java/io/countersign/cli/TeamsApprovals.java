package io.countersign.cli;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.teamsbot.TeamsBotService;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the Microsoft Teams approval bot ({@link TeamsBotService}) for {@code countersign up} when an app id
 * is configured, with its state under the data directory and the pipeline's approver directory; otherwise
 * says how to enable it.
 */
final class TeamsApprovals {

    private TeamsApprovals() {
    }

    static Optional<TeamsBotService> start(KafkaSettings kafka, SchemaRegistryClient registry, TeamsBotConfig configured,
                                           BlastRadiusConfig blastRadius, Path dataDir, String directoryFile, PrintWriter out) throws Exception {
        if (!configured.teamsEnabled()) {
            out.println("  teams:     disabled (set TEAMS_APP_ID and TEAMS_APP_PASSWORD via teams-bot in countersign.yaml)");
            return Optional.empty();
        }
        TeamsBotConfig config = TeamsBotConfig.DEFAULT_STATE_DIR.equals(configured.stateDir())
                ? configured.withStateDir(dataDir.resolve("teams").toString()) : configured;
        // up prints one summary for all its services instead of each service's start-up facts.
        TeamsBotService bot = TeamsBotService.start(kafka, registry, config, blastRadius, directoryFile,
                new PrintWriter(Writer.nullWriter()));
        out.printf("  teams:     approval bot at %s/api/messages (the Azure Bot's messaging endpoint, behind HTTPS)%n", bot.bot().url());
        return Optional.of(bot);
    }
}
