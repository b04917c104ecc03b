package io.countersign.embedded.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, in the default build (about 30 s): three broker processes, a leader killed with
 * SIGKILL, writes with acks=all go on, the broker rejoins and catches up. The tests built on it are
 * {@code *ClusterIT}, run with {@code mvn verify -Pcluster}.
 */
class LocalKafkaClusterSmokeIT {

    @Test
    void aPartitionKeepsTakingWritesWhenItsLeaderIsKilledAndTheBrokerRejoins() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.ofThree().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("harness", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            TopicPartition tp = new TopicPartition("harness", 0);
            cluster.awaitFullIsr(List.of("harness"), Duration.ofSeconds(30));
            int leader = cluster.leaderOf(tp);

            cluster.kill9(leader);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("harness", "k", "v")).get(60, TimeUnit.SECONDS);
            }
            assertThat(cluster.leaderOf(tp)).as("a new leader").isNotEqualTo(leader);

            cluster.restart(leader);
            cluster.awaitFullIsr(List.of("harness"), Duration.ofSeconds(60));
            assertThat(admin.describeTopics(List.of("harness")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("harness").partitions().get(0).isr()).hasSize(3);
        }
    }
}
