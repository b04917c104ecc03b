package io.countersign.cli;

import io.countersign.config.RegistrySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code countersign init}: provisions an existing Kafka cluster and registry (what docker-compose runs once). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates Countersign's topics on the configured Kafka cluster and registers its schemas.",
                "Idempotent: existing topics and identical schemas are left as they are."})
final class InitCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replicas per partition for new topics (default ${DEFAULT-VALUE}; use 3 in production).")
    short replicationFactor;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RegistrySettings registry = config.registry();
        out.printf("Provisioning Kafka at %s and the registry at %s%n", config.kafka().bootstrapServers(), registry.url());
        Provisioning.provision(config.kafka().clientProperties(Map.of()), Registries.client(registry), replicationFactor, out);
        out.println("Done.");
        return 0;
    }
}
