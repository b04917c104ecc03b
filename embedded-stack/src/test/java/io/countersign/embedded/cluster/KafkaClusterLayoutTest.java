package io.countersign.embedded.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClusterLayoutTest {

    @Test
    void threeNodesFormAQuorumOnLoopbackWithProductionReplicationDefaults(@TempDir Path dir) {
        KafkaClusterLayout layout = KafkaClusterLayout.withPorts(dir, 3, 29092);
        Properties p = layout.serverProperties(layout.node(2));

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("2");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:29192,2@127.0.0.1:29193,3@127.0.0.1:29194");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29093,CONTROLLER://127.0.0.1:29193");
        assertThat(p.getProperty("default.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
        assertThat(layout.bootstrapServers()).isEqualTo("127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094");
    }

    @Test
    void freePortsAreDistinctAndBelowTheEphemeralRange(@TempDir Path dir) {
        KafkaClusterLayout layout = KafkaClusterLayout.withFreePorts(dir, 3);

        var ports = layout.nodes().stream().flatMap(n -> java.util.stream.Stream.of(n.port(), n.controllerPort())).toList();
        assertThat(ports).doesNotHaveDuplicates().allMatch(p -> p >= 20_000 && p < 32_768);
    }

    @Test
    void aSingleNodeLayoutDoesNotAskForReplicasItCannotHave(@TempDir Path dir) {
        KafkaClusterLayout layout = KafkaClusterLayout.withPorts(dir, 1, 29092);
        Properties p = layout.serverProperties(layout.node(1));

        assertThat(p.getProperty("default.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
    }

    @Test
    void everyNodeIsFormattedWithTheSharedClusterIdAndASecondRunKeepsIt(@TempDir Path dir) throws Exception {
        KafkaClusterLayout first = KafkaClusterLayout.withPorts(dir, 3, 29092).write();

        for (int id = 1; id <= 3; id++) {
            String meta = Files.readString(first.nodeDir(id).resolve("data").resolve("meta.properties"));
            assertThat(meta).contains("cluster.id=" + first.clusterId()).contains("node.id=" + id);
            assertThat(first.propertiesFile(id)).exists();
        }
        assertThat(KafkaClusterLayout.withPorts(dir, 3, 29092).clusterId()).isEqualTo(first.clusterId());
    }
}
