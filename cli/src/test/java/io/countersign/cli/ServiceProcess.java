package io.countersign.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: one Countersign service ({@code countersign pipeline|gateway|approval-bot}) in its own JVM,
 * started the way a deployment starts it (the CLI's main class, {@code --config} a YAML file, per-instance
 * settings from the environment), its output in {@code <dir>/<name>.log}. Built with
 * {@link #named(String)}; {@link #awaitReady} reads the address from the start-up line and waits for
 * {@code /healthz/ready}.
 */
final class ServiceProcess implements AutoCloseable {

    /** Start-up lines that name a service's HTTP address (see the services' start-up logging). */
    static final Pattern PIPELINE = Pattern.compile("pipeline health=(http://\\S+)/healthz/ready");
    static final Pattern GATEWAY = Pattern.compile("gateway url=(http://\\S+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final Process process;
    private final Pattern address;
    private URI base;

    private ServiceProcess(String name, Path log, Process process, Pattern address) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.address = address;
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds the command line of one service process. */
    static final class Builder {
        private final String name;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String command = "pipeline";
        private Path config;
        private Path dir;
        private String heap = "384m";

        private Builder(String name) {
            this.name = name;
        }

        Builder command(String command) {
            this.command = command;
            return this;
        }

        Builder config(Path config) {
            this.config = config;
            return this;
        }

        /** Where the log goes; {@code STATE_DIR} (for {@code stream-processors.stateDir: ${STATE_DIR}}) is {@code dir/state-<name>}. */
        Builder in(Path dir) {
            this.dir = dir;
            return this;
        }

        Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        ServiceProcess start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    CountersignCli.class.getName(), command, "--config", config.toString()));
            Path log = dir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("STATE_DIR", dir.resolve("state-" + name).toString());
            // -Dcountersign.kafkaLogLevel=INFO shows the services' rebalances and task moves in their logs.
            pb.environment().put("COUNTERSIGN_KAFKA_LOG_LEVEL", System.getProperty("countersign.kafkaLogLevel", "WARN"));
            pb.environment().putAll(env);
            Pattern address = switch (command) {
                case "pipeline" -> PIPELINE;
                case "gateway" -> GATEWAY;
                default -> throw new IllegalArgumentException("no start-up address line known for " + command);
            };
            return new ServiceProcess(name, log, pb.start(), address);
        }
    }

    /** Waits for the start-up line naming the service's address, then for its readiness endpoint to answer 200. */
    URI awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; output:\n" + log());
            }
            Matcher m = address.matcher(log());
            if (base == null && m.find()) {
                base = URI.create(m.group(1));
            }
            if (base != null && status(base.resolve("/healthz/ready")) == 200) {
                return base;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready after " + timeout.toSeconds() + " s:\n" + log());
    }

    /** The address found by {@link #awaitReady}. */
    URI url() {
        if (base == null) {
            throw new IllegalStateException(name + " has not been awaited ready");
        }
        return base;
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    /** {@code kill -9}: no shutdown hook runs, the consumer group is not told. */
    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and the exit code, or an error naming the log when it does not stop within {@code timeout}. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** Resident memory in MB from /proc (Linux), -1 when unknown. */
    long residentMb() {
        return residentMb(process.pid());
    }

    static long residentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux: informational only
        }
        return -1;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int status(URI uri) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
