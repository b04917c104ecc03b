package io.countersign.contracts.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the catalogue's topics on a cluster, idempotently: topics that exist are left alone (and
 * reported when their partition count differs from the catalogue's, which an operator may have chosen, or
 * when they have fewer replicas than asked for). Replication is the deployment's ({@link Replication}).
 * Used by {@code countersign up} and {@code countersign init}.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** What happened to one topic. */
    public record Outcome(String topic, Status status, String detail) {
    }

    /** Whether a topic was made, was there, or differs from the catalogue. */
    public enum Status { CREATED, EXISTS, DIFFERS }

    /**
     * Creates every topic in {@code topics} that does not exist yet, {@code replicationFactor} times
     * replicated, with the broker's default {@code min.insync.replicas}.
     *
     * @param replicationFactor replicas per partition (1 on a single broker, 3 in production)
     */
    public List<Outcome> provision(Collection<Topic<?, ?>> topics, short replicationFactor) {
        return create(topics.stream().map(t -> t.newTopic(replicationFactor)).toList());
    }

    /** Creates every topic in {@code topics} that does not exist yet, replicated and with the minimum ISR of {@code replication}. */
    public List<Outcome> provision(Collection<Topic<?, ?>> topics, Replication replication) {
        return create(topics.stream().map(t -> t.newTopic(replication)).toList());
    }

    /** What the cluster allows ({@link Replication#forBrokers}), from the number of brokers it has now. */
    public Replication replicationForCluster() {
        try {
            return Replication.forBrokers(admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not count the cluster's brokers: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the cluster", e);
        }
    }

    private List<Outcome> create(List<NewTopic> wanted) {
        CreateTopicsResult result = admin.createTopics(wanted);
        List<Outcome> outcomes = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (NewTopic topic : wanted) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                outcomes.add(new Outcome(topic.name(), Status.CREATED, topic.numPartitions() + " partitions"));
                LOG.info("Created topic {} ({} partitions)", topic.name(), topic.numPartitions());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existing.add(topic.name());
                } else {
                    throw new IllegalStateException("Could not create topic " + topic.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out after " + timeout + " creating topic " + topic.name()
                        + "; is the broker reachable and are you allowed to create topics?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topics", e);
            }
        }
        outcomes.addAll(compareExisting(existing, wanted));
        return outcomes;
    }

    private List<Outcome> compareExisting(List<String> names, List<NewTopic> wanted) {
        if (names.isEmpty()) {
            return List.of();
        }
        try {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<Outcome> outcomes = new ArrayList<>();
            for (NewTopic want : wanted) {
                TopicDescription have = described.get(want.name());
                if (have == null) {
                    continue;
                }
                int partitions = have.partitions().size();
                int replicas = have.partitions().get(0).replicas().size();
                if (replicas < want.replicationFactor()) {
                    outcomes.add(new Outcome(want.name(), Status.DIFFERS,
                            replicas + " replicas (asked for: " + want.replicationFactor() + ")"));
                } else if (partitions != want.numPartitions()) {
                    outcomes.add(new Outcome(want.name(), Status.DIFFERS,
                            partitions + " partitions (catalogue: " + want.numPartitions() + ")"));
                } else {
                    outcomes.add(new Outcome(want.name(), Status.EXISTS, partitions + " partitions"));
                }
            }
            return outcomes;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe existing topics " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }
}
