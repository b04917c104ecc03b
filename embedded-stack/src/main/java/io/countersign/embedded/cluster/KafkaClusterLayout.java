package io.countersign.embedded.cluster;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The one source of truth for a multi-broker KRaft cluster on this machine: each node is broker and
 * controller, the three (or more) controllers form a static voter quorum, every listener binds to
 * 127.0.0.1, and the defaults are production's — replication factor 3, {@code min.insync.replicas=2},
 * the offsets and transaction logs replicated 3 times with a minimum ISR of 2 — so Countersign's topics
 * and Kafka Streams' internal topics (created with the broker defaults) survive one broker down.
 *
 * <p>{@link #write()} writes {@code node-N/server.properties} and formats each node's storage with the
 * shared cluster id (kept in {@code cluster.id}, so a second run reuses data). {@link LocalKafkaCluster}
 * starts the nodes from these files in JUnit; {@code deploy/local-cluster/start.sh} runs {@link #main}
 * and then {@code kafka.Kafka} on the same files.
 */
public record KafkaClusterLayout(Path dir, String clusterId, List<Node> nodes) {

    /** One node: its id, its client (PLAINTEXT) port and its controller port. */
    public record Node(int id, int port, int controllerPort) {
    }

    public KafkaClusterLayout {
        nodes = List.copyOf(nodes);
    }

    /**
     * {@code size} nodes on free loopback ports, under {@code dir}. The ports lie below Linux's ephemeral
     * range (32768-60999): a port from that range (what binding port 0 gives) can be taken by any
     * outgoing connection — the brokers' own, to each other — between the choice and the broker's bind,
     * or while a killed broker is down; one from below it cannot.
     */
    public static KafkaClusterLayout withFreePorts(Path dir, int size) {
        Set<Integer> chosen = new HashSet<>();
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            nodes.add(new Node(id, freePortBelowEphemeral(chosen), freePortBelowEphemeral(chosen)));
        }
        return new KafkaClusterLayout(dir, clusterIdIn(dir), nodes);
    }

    private static int freePortBelowEphemeral(Set<Integer> chosen) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (chosen.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                chosen.add(port);
                return port;
            } catch (IOException taken) {
                // someone listens there: try another
            }
        }
        throw new IllegalStateException("No free loopback port between 20000 and 32000 after 500 tries");
    }

    /** {@code size} nodes on fixed ports: clients on {@code firstPort + i}, controllers on {@code firstPort + 100 + i}. */
    public static KafkaClusterLayout withPorts(Path dir, int size, int firstPort) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(i + 1, firstPort + i, firstPort + 100 + i));
        }
        return new KafkaClusterLayout(dir, clusterIdIn(dir), nodes);
    }

    /** The cluster id recorded under {@code dir}, or a new one: formatted storage keeps its id across runs. */
    private static String clusterIdIn(Path dir) {
        try {
            Path file = dir.resolve("cluster.id");
            return Files.exists(file) ? Files.readString(file).trim() : Uuid.randomUuid().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public Node node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + id + " in " + nodes));
    }

    public Path nodeDir(int id) {
        return dir.resolve("node-" + id);
    }

    public Path propertiesFile(int id) {
        return nodeDir(id).resolve("server.properties");
    }

    /** The generated configuration of one node. */
    public Properties serverProperties(Node node) {
        // Production-like replication only where there are enough brokers for it.
        int replication = Math.min(3, nodes.size());
        String minIsr = Integer.toString(Math.max(1, replication - 1));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.id()));
        p.setProperty("controller.quorum.voters", nodes.stream()
                .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(",")));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", nodeDir(node.id()).resolve("data").toAbsolutePath().toString());
        p.setProperty("default.replication.factor", Integer.toString(replication));
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("offsets.topic.replication.factor", Integer.toString(replication));
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", Integer.toString(replication));
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        // A killed broker's replicas must not be chosen as leaders while behind: no data loss by election.
        p.setProperty("unclean.leader.election.enable", "false");
        return p;
    }

    /** Writes every node's server.properties and formats the storage of nodes not formatted yet. */
    public KafkaClusterLayout write() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cluster.id"), clusterId + "\n");
        for (Node node : nodes) {
            Path data = nodeDir(node.id()).resolve("data");
            Files.createDirectories(data);
            try (Writer w = Files.newBufferedWriter(propertiesFile(node.id()))) {
                serverProperties(node).store(w, "Generated by KafkaClusterLayout: node " + node.id() + " of " + nodes.size());
            }
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(node, data);
            }
        }
        return this;
    }

    private void format(Node node, Path data) {
        try {
            new Formatter()
                    .setClusterId(clusterId)
                    .setNodeId(node.id())
                    .setDirectories(List.of(data.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(data.toAbsolutePath().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage of node " + node.id() + " in " + data, e);
        }
    }

    /**
     * Writes a cluster's configuration and formats its storage, then prints one line per node
     * ({@code node <id> <properties file>}) and {@code bootstrap <servers>}. Arguments:
     * {@code <dir> [nodes, default 3] [first client port, default 19092]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KafkaClusterLayout <dir> [nodes=3] [firstPort=19092]");
            System.exit(2);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int firstPort = args.length > 2 ? Integer.parseInt(args[2]) : 19092;
        KafkaClusterLayout layout = withPorts(Path.of(args[0]).toAbsolutePath(), size, firstPort).write();
        for (Node node : layout.nodes()) {
            System.out.println("node " + node.id() + " " + layout.propertiesFile(node.id()));
        }
        System.out.println("bootstrap " + layout.bootstrapServers());
    }
}
