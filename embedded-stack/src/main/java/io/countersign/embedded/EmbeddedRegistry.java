package io.countersign.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry 2.6.13 as a child process on loopback, serving the Confluent-compatible API at
 * {@code /apis/ccompat/v7}. It keeps schemas in memory; Countersign registers its own at every start.
 * A shutdown hook stops the child, so Ctrl-C on the parent leaves no orphan process.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String url;
    private final Thread hook;

    private EmbeddedRegistry(Process process, String url) {
        this.process = process;
        this.url = url;
        this.hook = new Thread(this::stopProcess, "countersign-registry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the registry and waits until its API answers. */
    public static EmbeddedRegistry start(Path dataDir, int port) throws IOException, InterruptedException {
        Path runner = ApicurioDistribution.runnerJar();
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("registry.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", runner.toString()))
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process process = pb.start();
        EmbeddedRegistry registry = new EmbeddedRegistry(process, "http://127.0.0.1:" + port + "/apis/ccompat/v7");
        try {
            registry.awaitReady(log);
        } catch (IOException | RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
        LOG.info("Schema registry (Apicurio {}) listening on {}", ApicurioDistribution.VERSION, registry.url);
        return registry;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The schema registry exited with code " + process.exitValue()
                        + " while starting; last lines of " + log + ":\n" + tail(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // doubles as the poll interval, returns early if it dies
        }
        throw new IllegalStateException("The schema registry did not answer on " + url + " within " + START_TIMEOUT
                + "; last lines of " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    private void stopProcess() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs (or ran) anyway
        }
    }
}
