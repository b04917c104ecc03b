package io.countersign.contracts.topics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {

    @Test
    void threeOrMoreBrokersGetThreeReplicasTwoInSync() {
        assertThat(Replication.forBrokers(3)).isEqualTo(new Replication((short) 3, 2));
        assertThat(Replication.forBrokers(7)).isEqualTo(new Replication((short) 3, 2));
    }

    @Test
    void smallerClustersGetWhatTheyCanHold() {
        assertThat(Replication.forBrokers(1)).isEqualTo(Replication.SINGLE);
        assertThat(Replication.forBrokers(2)).isEqualTo(new Replication((short) 2, 1));
    }

    @Test
    void aMinimumInSyncAboveTheReplicasIsRefused() {
        assertThatThrownBy(() -> new Replication((short) 1, 2)).hasMessageContaining("between 1 and the replication factor (1)");
        assertThatThrownBy(() -> new Replication((short) 0, 1)).hasMessageContaining("at least 1");
    }

    @Test
    void theMinimumInSyncFollowsTheFactorWhenNotGiven() {
        assertThat(Replication.of((short) 5).minInsyncReplicas()).isEqualTo(2);
        assertThat(Replication.of((short) 1).minInsyncReplicas()).isEqualTo(1);
    }

    @Test
    void topicDefinitionsCarryTheMinimumInSyncNextToTheirOwnSettings() {
        var audit = Topics.AUDIT.newTopic(new Replication((short) 3, 2));
        assertThat(audit.replicationFactor()).isEqualTo((short) 3);
        assertThat(audit.configs()).containsEntry("min.insync.replicas", "2").containsKey("cleanup.policy");
    }
}
