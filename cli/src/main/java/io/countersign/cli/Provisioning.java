package io.countersign.cli;

import io.countersign.contracts.registry.RegisteredSchema;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Replication;
import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.TopicProvisioner;
import io.countersign.contracts.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/** Creates Countersign's topics and registers its schemas: what {@code up} and {@code init} share. */
final class Provisioning {

    private Provisioning() {
    }

    static void provision(Properties adminProps, SchemaRegistryClient registry, short replicationFactor, PrintWriter out) {
        provision(adminProps, registry, provisioner -> Replication.of(replicationFactor), out);
    }

    /** The same, with the replication chosen once the cluster can be asked (e.g. how many brokers it has). */
    static void provision(Properties adminProps, SchemaRegistryClient registry, Function<TopicProvisioner, Replication> replication,
                          PrintWriter out) {
        adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(adminProps)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            Replication chosen = replication.apply(provisioner);
            List<TopicProvisioner.Outcome> outcomes = provisioner.provision(Topics.ALL, chosen);
            out.printf("  replication: %d replicas, min.insync.replicas %d%n", chosen.factor(), chosen.minInsyncReplicas());
            long created = outcomes.stream().filter(o -> o.status() == TopicProvisioner.Status.CREATED).count();
            out.printf("  topics:    %d in the catalogue, %d created%n", outcomes.size(), created);
            outcomes.stream().filter(o -> o.status() == TopicProvisioner.Status.DIFFERS)
                    .forEach(o -> out.printf("  note: topic %s has %s%n", o.topic(), o.detail()));
        }
        List<RegisteredSchema> registered = new SchemaProvisioner(registry).registerAll(Topics.ALL);
        out.printf("  schemas:   %d value schemas registered%n", registered.size());
        out.flush();
    }
}
