package io.countersign.embedded.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A KRaft Kafka cluster of several brokers on this machine, each broker its own OS process
 * ({@code java -cp <classpath> kafka.Kafka node-N/server.properties}), configured by
 * {@link KafkaClusterLayout}. For tests that need real broker failures: {@link #kill9} is SIGKILL
 * (no controlled shutdown, no flush), {@link #restart} starts the same node on the same ports and data.
 * Each broker writes its output to {@code node-N.log} under {@link #logDir()}; every failed wait names it.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaClusterLayout layout;
    private final Path logDir;
    private final String classpath;
    private final List<String> jvmOptions;
    private final Map<Integer, Process> processes = new TreeMap<>();
    private final Thread hook = new Thread(() -> processes.values().forEach(Process::destroyForcibly), "local-kafka-cluster-kill");
    private Admin admin;

    /**
     * @param dataDir   where configurations and broker data go (deleted by {@link #close()})
     * @param logDir    where each broker's output goes (kept, for post-mortems)
     * @param size      number of brokers (3 for replication factor 3 with one broker down)
     * @param classpath the brokers' class path: Kafka's jars and a logging backend
     */
    public LocalKafkaCluster(Path dataDir, Path logDir, int size, String classpath, List<String> jvmOptions) {
        this.layout = KafkaClusterLayout.withFreePorts(dataDir, size);
        this.logDir = logDir;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Three brokers with this JVM's class path, data in a temporary directory, logs under {@code target/}. */
    public static LocalKafkaCluster ofThree() throws IOException {
        Path logs = Path.of("target", "local-kafka-cluster", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        return new LocalKafkaCluster(Files.createTempDirectory("countersign-kafka-cluster"), logs, 3,
                System.getProperty("java.class.path"), List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
    }

    /**
     * Writes the configurations, starts every broker and returns once all answer; on failure every
     * broker started is killed again (the caller has no cluster to close yet).
     */
    public LocalKafkaCluster start() throws IOException {
        long began = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(hook); // a test JVM that dies must not leave brokers behind
        try {
            layout.write();
            Files.createDirectories(logDir);
            for (KafkaClusterLayout.Node node : layout.nodes()) {
                launch(node.id());
            }
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
            awaitBrokers(layout.nodes().stream().map(KafkaClusterLayout.Node::id).collect(Collectors.toSet()));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Kafka cluster of {} brokers up on {} in {} ms (logs in {})", layout.nodes().size(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), logDir);
        return this;
    }

    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    public Path logDir() {
        return logDir;
    }

    /** The broker's OS process id, e.g. to measure its resident memory. */
    public long pid(int nodeId) {
        return process(nodeId).pid();
    }

    /** Kills the broker with SIGKILL and waits for the process to be gone. */
    public void kill9(int nodeId) throws InterruptedException {
        Process p = process(nodeId);
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Broker " + nodeId + " (pid " + p.pid() + ") still alive 30 s after SIGKILL");
        }
        LOG.info("Killed broker {} (pid {}) with SIGKILL", nodeId, p.pid());
    }

    /** Starts a stopped broker again, on its ports and data, and waits until it is registered. */
    public void restart(int nodeId) throws IOException {
        if (process(nodeId).isAlive()) {
            throw new IllegalStateException("Broker " + nodeId + " is still running; kill9 it first");
        }
        launch(nodeId);
        awaitBrokers(Set.of(nodeId));
        LOG.info("Restarted broker {} (pid {})", nodeId, pid(nodeId));
    }

    /** The id of the broker leading {@code partition} now. */
    public int leaderOf(TopicPartition partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(partition.topic())).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(partition.topic());
        Node leader = d.partitions().get(partition.partition()).leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException(partition + " has no leader; broker logs in " + logDir);
        }
        return leader.id();
    }

    /** Waits until every partition of {@code topics} has all its replicas in sync again (after a restart). */
    public void awaitFullIsr(List<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lagging = "";
        while (System.nanoTime() < deadline) {
            lagging = underReplicated(topics);
            if (lagging.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Partitions still under-replicated after " + timeout + ": " + lagging
                + "; broker logs in " + logDir);
    }

    /**
     * The partitions whose ISR is short, or the topics not yet known: a topic just created may be unknown to the
     * broker the admin asks until the controller's metadata reaches it, which is a reason to wait, not to fail.
     */
    private String underReplicated(List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream().filter(p -> p.isr().size() < p.replicas().size())
                            .map(p -> t.name() + "-" + p.partition()))
                    .collect(Collectors.joining(", "));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return "not yet known: " + e.getCause().getMessage();
            }
            throw e;
        }
    }

    private void launch(int nodeId) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", layout.propertiesFile(nodeId).toString()));
        File log = logDir.resolve("node-" + nodeId + ".log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        processes.put(nodeId, p);
        LOG.info("Started broker {} (pid {}) on 127.0.0.1:{}, log {}", nodeId, p.pid(), layout.node(nodeId).port(), log);
    }

    /** Waits until each broker answers on its own listener (a killed broker may still be listed by the others). */
    private void awaitBrokers(Set<Integer> ids) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int id : ids) {
            Exception last = null;
            try (Admin direct = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + layout.node(id).port(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"))) {
                while (true) {
                    if (!process(id).isAlive()) {
                        throw new IllegalStateException("Broker " + id + " exited with " + process(id).exitValue()
                                + " while starting; see " + logDir.resolve("node-" + id + ".log"));
                    }
                    try {
                        if (direct.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == id)) {
                            break;
                        }
                    } catch (Exception e) {
                        last = e;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Broker " + id + " did not answer within " + START_TIMEOUT
                                + "; see " + logDir.resolve("node-" + id + ".log"), last);
                    }
                    sleep(250);
                }
            }
        }
    }

    private Process process(int nodeId) {
        Process p = processes.get(nodeId);
        if (p == null) {
            throw new IllegalArgumentException("No broker " + nodeId + " started; brokers: " + processes.keySet());
        }
        return p;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for brokers", e);
        }
    }

    /** Kills every broker and deletes their configurations and data; the logs stay. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down (the hook runs anyway) or start() never registered it
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(layout.dir())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + layout.dir(), e);
        }
    }
}
