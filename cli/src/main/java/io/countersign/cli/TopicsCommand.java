package io.countersign.cli;

import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code countersign topics}: the topic catalogue, optionally checked against a running cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Lists Countersign's topics with their partitions, cleanup policy and value schema.",
                "With --live, also shows whether each exists on the configured Kafka cluster."})
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--live", description = "Check each topic on the cluster (kafka.bootstrapServers).")
    boolean live;

    @Option(names = "--schemas", description = "Print each value schema in full (Avro JSON).")
    boolean schemas;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Set<String> existing = live ? existingTopics() : null;
        out.printf("%-32s %4s  %-8s %-9s %-24s %s%n", "TOPIC", "PART", "CLEANUP", "RETENTION", "VALUE", live ? "ON CLUSTER" : "");
        for (Topic<?, ?> t : Topics.ALL) {
            String retention = t.retention() == null ? "-" : t.retention().isNegative() ? "forever" : t.retention().toDays() + "d";
            out.printf("%-32s %4d  %-8s %-9s %-24s %s%n", t.name(), t.partitions(), t.cleanup().name().toLowerCase(),
                    retention, t.valueType().getSimpleName(), existing == null ? "" : existing.contains(t.name()) ? "yes" : "MISSING");
        }
        if (schemas) {
            for (Topic<?, ?> t : Topics.ALL) {
                out.printf("%n# %s (subject %s)%n%s%n", t.name(), t.valueSubject(), t.valueSchema().toString(true));
            }
        }
        out.flush();
        return existing != null && Topics.ALL.stream().anyMatch(t -> !existing.contains(t.name())) ? 2 : 0;
    }

    private Set<String> existingTopics() throws Exception {
        try (Admin admin = Admin.create(config.kafka().clientProperties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)))) {
            return admin.listTopics().names().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.kafka().bootstrapServers()
                    + " did not answer within 20 s; is it running (countersign up) and is kafka.bootstrapServers right?", e);
        }
    }
}
