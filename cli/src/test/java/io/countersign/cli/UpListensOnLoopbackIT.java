package io.countersign.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Every port {@code countersign up} opens — Kafka, the registry child process, OpenSearch, the gateway,
 * the dashboards, and the Flink MiniCluster's REST endpoint, blob server and RPC — listens on loopback
 * only. Reads the listening sockets of the process and its children from Linux's {@code /proc}.
 */
class UpListensOnLoopbackIT {

    @Test
    void everyListeningSocketOfUpIsBoundToLoopback(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/proc/net/tcp")).as("Linux /proc").exists();
        Path log = dir.resolve("up.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process up = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.countersign.cli.CountersignCli", "up", "--data-dir", dir.resolve("data").toString(),
                "--kafka-port", "0", "--registry-port", "0", "--opensearch-port", "0", "--ingest-port", "0", "--dashboards-port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(4, TimeUnit.MINUTES).pollInterval(1, TimeUnit.SECONDS).until(() ->
                    !up.isAlive() || Files.readString(log, StandardCharsets.UTF_8).contains("Press Ctrl-C to stop."));
            assertThat(up.isAlive()).as("up is running; output:%n%s", Files.readString(log)).isTrue();
            List<String> listening = listeningAddresses(Stream.concat(Stream.of(up.toHandle()), up.descendants()).map(ProcessHandle::pid).toList());
            assertThat(listening).as("sockets listening: %s", listening).hasSizeGreaterThanOrEqualTo(6);
            assertThat(listening).allMatch(a -> a.startsWith("127.") || a.startsWith("::1:"), "bound to loopback");
        } finally {
            up.destroy();
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.descendants().forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
            }
        }
    }

    /** The local address:port of each listening TCP socket owned by {@code pids}. */
    private static List<String> listeningAddresses(List<Long> pids) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                fds.forEach(fd -> {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // the descriptor closed while we looked
                    }
                });
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path); // once: the table changes as other processes open sockets
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
                    out.add(address(f[1].substring(0, f[1].indexOf(':'))) + ":" + Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return out;
    }

    /** /proc prints addresses as 32-bit words in host (little-endian) order. */
    private static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        try {
            return java.net.InetAddress.getByAddress(bytes).getHostAddress().replaceAll("%.*$", "")
                    .replace("0:0:0:0:0:0:0:1", "::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
