package io.countersign.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;
import io.countersign.config.ConfigLoader;
import io.countersign.config.EnvSubstitution;
import io.countersign.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every standalone Countersign service does around its own work: prints its start-up facts one
 * per line ({@code <service> <key>=<value>}, so operators and log shippers can grep them), then runs
 * until SIGTERM or SIGINT and stops itself cleanly, so the process exits 0 rather than 143: a stop is
 * a normal end, not a crash, for an orchestrator restarting or rolling the service.
 */
public final class ServiceLifecycle {

    /** Starts a service from the loaded configuration, printing its start-up facts to {@code out}. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start(ConfigLoader config, PrintWriter out) throws Exception;
    }

    private ServiceLifecycle() {
    }

    /**
     * A service's own {@code main}: {@code [--config FILE]} (else {@code $COUNTERSIGN_CONFIG}, else
     * {@code ./countersign.yaml} if present, else defaults, as the {@code countersign} command does), runs
     * the service until stopped and returns the exit code: 0 after a clean stop, 64 for bad arguments,
     * 78 for a configuration error, 1 for any other failure, with one line saying what to do.
     */
    public static int main(String name, String[] args, Starter starter) {
        return main(name, args, starter, new PrintWriter(System.out, true));
    }

    /**
     * {@link #main(String, String[], Starter)} printing the start-up facts to {@code out}: a service that
     * speaks a protocol on standard output (the MCP gateway over stdio) prints them to standard error.
     */
    public static int main(String name, String[] args, Starter starter, PrintWriter out) {
        PrintWriter err = new PrintWriter(System.err, true);
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.printf("Usage: %s [--config FILE]%nRuns Countersign's %s until SIGTERM or SIGINT.%n", name, name);
                return 0;
            } else {
                err.printf("%s: unknown argument %s; usage: %s [--config FILE]%n", name, args[i], name);
                return 64;
            }
        }
        try {
            ConfigLoader config = ConfigLoader.load(configFile(file), EnvSubstitution.fromEnvironment());
            runUntilStopped(name, starter.start(config, out), out);
            return 0;
        } catch (ConfigException e) {
            err.printf("%s: configuration error: %s%n", name, e.getMessage());
            return 78;
        } catch (Exception e) {
            err.printf("%s: error: %s%n", name, e.getMessage() != null ? e.getMessage() : e.toString());
            return 1;
        }
    }

    /** The configuration file to use: the given one, else $COUNTERSIGN_CONFIG, else ./countersign.yaml if present, else none. */
    public static Path configFile(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("COUNTERSIGN_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path local = Path.of("countersign.yaml");
        return Files.exists(local) ? local : null;
    }

    /** The running build's version (from the jar manifest), or "development" when run from classes. */
    public static String version(Class<?> anyClassOfTheService) {
        String v = anyClassOfTheService.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** One start-up fact on its own line. Never pass a secret. */
    public static void fact(PrintWriter out, String service, String key, Object value) {
        out.printf("%s %s=%s%n", service, key, value);
        out.flush();
    }

    /**
     * Blocks until the process gets SIGTERM or SIGINT, then closes {@code service} and returns. The
     * signals are handled here instead of in a shutdown hook so that the JVM exits with the code the
     * caller returns (0), and closing happens on the caller's thread while logging still works.
     */
    public static void runUntilStopped(String name, AutoCloseable service, PrintWriter out) throws Exception {
        if (service instanceof EndsByItself ends) {
            ends.awaitEnd();
        } else {
            awaitStopSignal();
        }
        fact(out, name, "state", "stopping");
        service.close();
        fact(out, name, "state", "stopped");
    }

    /** A service that may also end without a signal (its client went away); it handles SIGTERM and SIGINT itself. */
    public interface EndsByItself {
        /** Blocks until the service should stop: a stop signal, or its own reason. */
        void awaitEnd() throws InterruptedException;
    }

    /** Makes SIGTERM and SIGINT count {@code stop} down instead of starting the JVM's shutdown. */
    public static void onStopSignal(CountDownLatch stop) {
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
    }

    /**
     * Blocks until the process gets SIGTERM or SIGINT. Handling the signals, rather than letting them start
     * the JVM's shutdown, lets the caller stop cleanly on its own thread and exit 0 (the JVM's default is 143).
     */
    public static void awaitStopSignal() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        onStopSignal(stop);
        stop.await();
    }

    /** Just the approver directory of the {@code stream-processors:} section, which the gateway and the bot default to. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PipelineDirectory(@JsonProperty("directoryFile") String directoryFile) {
    }

    /** The pipeline's approver directory ({@code stream-processors.directoryFile}), or null: services deciding approvals use the same. */
    public static String pipelineDirectoryFile(ConfigLoader config) {
        return config.section("stream-processors", PipelineDirectory.class, new PipelineDirectory(null)).directoryFile();
    }

    /** Fails in seconds with what to do when no broker answers, instead of Streams waiting a minute for one. */
    public static void requireKafka(KafkaSettings kafka) {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000)))) {
            admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("no Kafka broker answers at " + kafka.bootstrapServers()
                    + ": start the cluster, or set kafka.bootstrapServers (KAFKA_BOOTSTRAP_SERVERS) in the configuration");
        }
    }
}
