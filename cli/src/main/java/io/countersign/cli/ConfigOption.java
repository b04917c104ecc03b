package io.countersign.cli;

import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.config.KafkaSettings;
import io.countersign.config.OpenSearchSettings;
import io.countersign.config.RegistrySettings;
import io.countersign.dashboards.DashboardsConfig;
import io.countersign.ingest.IngestConfig;
import io.countersign.processors.StreamProcessorsConfig;
import io.countersign.service.ServiceLifecycle;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --config} option every command shares, and the sections it loads. Without the option,
 * {@code COUNTERSIGN_CONFIG} is used, then {@code ./countersign.yaml} if it exists, then defaults.
 */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (YAML). Default: $COUNTERSIGN_CONFIG, else ./countersign.yaml if present, else built-in defaults.")
    Path file;

    private ConfigLoader loader;

    ConfigLoader loader() {
        if (loader == null) {
            loader = ConfigLoader.load(resolve(), EnvSubstitution.fromEnvironment());
        }
        return loader;
    }

    KafkaSettings kafka() {
        return loader().section("kafka", KafkaSettings.class, KafkaSettings.DEFAULTS);
    }

    RegistrySettings registry() {
        return loader().section("registry", RegistrySettings.class, RegistrySettings.DEFAULTS);
    }

    OpenSearchSettings openSearch() {
        return loader().section("opensearch", OpenSearchSettings.class, OpenSearchSettings.DEFAULTS);
    }

    StreamProcessorsConfig streamProcessors() {
        return loader().section("stream-processors", StreamProcessorsConfig.class,
                StreamProcessorsConfig.DEFAULTS);
    }

    IngestConfig ingest() {
        return loader().section("ingest", IngestConfig.class, IngestConfig.DEFAULTS);
    }

    ApprovalBotConfig approvalBot() {
        return loader().section("approval-bot", ApprovalBotConfig.class,
                ApprovalBotConfig.DEFAULTS);
    }

    TeamsBotConfig teamsBot() {
        return loader().section("teams-bot", TeamsBotConfig.class, TeamsBotConfig.DEFAULTS);
    }

    DashboardsConfig dashboards() {
        return loader().section("dashboards", DashboardsConfig.class,
                DashboardsConfig.DEFAULTS);
    }

    BlastRadiusConfig blastRadius() {
        return loader().section("blastRadius", BlastRadiusConfig.class, BlastRadiusConfig.NONE);
    }

    EmbeddedSettings embedded() {
        return loader().section("embedded", EmbeddedSettings.class, EmbeddedSettings.DEFAULTS);
    }

    private Path resolve() {
        return ServiceLifecycle.configFile(file);
    }
}
