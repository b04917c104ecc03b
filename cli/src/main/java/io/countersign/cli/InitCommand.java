package io.countersign.cli;

import io.countersign.config.RegistrySettings;
import io.countersign.contracts.topics.Replication;
import io.countersign.contracts.topics.TopicProvisioner;
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

    @Option(names = "--replication-factor",
            description = "Replicas per partition for new topics (default: 3 on a cluster of three or more brokers, else the number of brokers).")
    Short replicationFactor;

    @Option(names = "--min-insync-replicas",
            description = "min.insync.replicas of new topics: replicas that must have a write before it is acknowledged "
                    + "(default: replication factor - 1, at least 1, at most 2).")
    Integer minInsyncReplicas;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RegistrySettings registry = config.registry();
        out.printf("Provisioning Kafka at %s and the registry at %s%n", config.kafka().bootstrapServers(), registry.url());
        Provisioning.provision(config.kafka().clientProperties(Map.of()), Registries.client(registry), this::replication, out);
        out.println("Done.");
        return 0;
    }

    /** The options' replication, the rest filled in from what the cluster allows. */
    private Replication replication(TopicProvisioner provisioner) {
        Replication base = replicationFactor != null ? Replication.of(replicationFactor) : provisioner.replicationForCluster();
        return minInsyncReplicas != null ? new Replication(base.factor(), minInsyncReplicas) : base;
    }
}
