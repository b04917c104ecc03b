package io.countersign.cli;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.EmbeddedRegistry;
import io.countersign.embedded.Ports;
import io.countersign.embedded.cluster.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code countersign init} on three broker processes: with no options, 3 replicas and min.insync.replicas=2 on every topic. */
class InitClusterIT {

    @Test
    void initReplicatesEveryTopicThreeTimesWithTwoInSyncOnAThreeBrokerCluster(@TempDir Path dir) throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.ofThree().start();
             EmbeddedRegistry registry = EmbeddedRegistry.start(dir.resolve("registry"), Ports.free());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Path config = Files.writeString(dir.resolve("countersign.yaml"), """
                    kafka:
                      bootstrapServers: %s
                    registry:
                      url: %s
                    """.formatted(cluster.bootstrapServers(), registry.url()));

            CliRun init = CliRun.of("init", "--config", config.toString());

            assertThat(init.exit()).as(init.err()).isZero();
            assertThat(init.out()).contains("replication: 3 replicas, min.insync.replicas 2");
            List<String> names = Topics.ALL.stream().map(t -> t.name()).toList();
            admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS).values().forEach(t -> t.partitions()
                    .forEach(p -> assertThat(p.replicas()).as(t.name() + "-" + p.partition()).hasSize(3)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(15, TimeUnit.SECONDS);
            configs.forEach((topic, c) -> {
                ConfigEntry minIsr = c.get("min.insync.replicas");
                assertThat(minIsr.value()).as(topic.name()).isEqualTo("2");
                assertThat(minIsr.source()).as(topic.name() + ": set on the topic, not inherited").isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            });
        }
    }
}
