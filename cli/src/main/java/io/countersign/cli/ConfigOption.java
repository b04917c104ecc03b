package io.countersign.cli;

import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.config.KafkaSettings;
import io.countersign.config.OpenSearchSettings;
import io.countersign.config.RegistrySettings;
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

    io.countersign.processors.StreamProcessorsConfig streamProcessors() {
        return loader().section("stream-processors", io.countersign.processors.StreamProcessorsConfig.class,
                io.countersign.processors.StreamProcessorsConfig.DEFAULTS);
    }

    io.countersign.ingest.IngestConfig ingest() {
        return loader().section("ingest", io.countersign.ingest.IngestConfig.class, io.countersign.ingest.IngestConfig.DEFAULTS);
    }

    io.countersign.approvalbot.ApprovalBotConfig approvalBot() {
        return loader().section("approval-bot", io.countersign.approvalbot.ApprovalBotConfig.class,
                io.countersign.approvalbot.ApprovalBotConfig.DEFAULTS);
    }

    io.countersign.dashboards.DashboardsConfig dashboards() {
        return loader().section("dashboards", io.countersign.dashboards.DashboardsConfig.class,
                io.countersign.dashboards.DashboardsConfig.DEFAULTS);
    }

    EmbeddedSettings embedded() {
        return loader().section("embedded", EmbeddedSettings.class, EmbeddedSettings.DEFAULTS);
    }

    private Path resolve() {
        return io.countersign.service.ServiceLifecycle.configFile(file);
    }
}
