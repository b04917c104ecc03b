package io.countersign.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Countersign's local infrastructure, on loopback: a KRaft Kafka broker (in-process), Apicurio Registry
 * (child process) and an OpenSearch node (in-process). Kafka and the registry start in parallel, then
 * OpenSearch; {@link #close()} stops them in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Duration> startupTimes = new LinkedHashMap<>();
    private EmbeddedKafka kafka;
    private EmbeddedRegistry registry;
    private EmbeddedOpenSearch openSearch;

    private EmbeddedStack() {
    }

    /** Starts the services {@code options} asks for; on any failure, stops what did start and rethrows. */
    public static EmbeddedStack start(StackOptions options) throws Exception {
        Path dir = options.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("The data directory " + dir + " is not writable; choose another with --data-dir");
        }
        int kafkaPort = Ports.resolve(options.kafkaPort());
        int registryPort = Ports.resolve(options.registryPort());
        int openSearchPort = Ports.resolve(options.openSearchPort());
        if (options.kafka()) {
            Ports.requireFree(kafkaPort, "Kafka", "--kafka-port");
        }
        if (options.registry()) {
            Ports.requireFree(registryPort, "the schema registry", "--registry-port");
        }
        if (options.openSearch()) {
            Ports.requireFree(openSearchPort, "OpenSearch", "--opensearch-port");
        }
        EmbeddedStack stack = new EmbeddedStack();
        try {
            CompletableFuture<EmbeddedRegistry> reg = options.registry()
                    ? CompletableFuture.supplyAsync(() -> stack.timed("registry", () -> EmbeddedRegistry.start(dir.resolve("registry"), registryPort)))
                    : CompletableFuture.completedFuture(null);
            if (options.kafka()) {
                stack.kafka = stack.timed("kafka", () -> EmbeddedKafka.start(dir, kafkaPort, Ports.free()));
                stack.started.push(stack.kafka);
            }
            stack.registry = join(reg);
            if (stack.registry != null) {
                stack.started.push(stack.registry);
            }
            if (options.openSearch()) {
                stack.openSearch = stack.timed("opensearch", () -> EmbeddedOpenSearch.start(dir, openSearchPort));
                stack.started.push(stack.openSearch);
            }
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @FunctionalInterface
    private interface Starter<T> {
        T start() throws Exception;
    }

    private <T> T timed(String name, Starter<T> starter) {
        long t0 = System.nanoTime();
        try {
            T t = starter.start();
            synchronized (startupTimes) {
                startupTimes.put(name, Duration.ofNanos(System.nanoTime() - t0));
            }
            return t;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    public Endpoints endpoints() {
        return new Endpoints(kafka == null ? null : kafka.bootstrapServers(), registry == null ? null : registry.url(),
                openSearch == null ? null : openSearch.url());
    }

    /** How long each service took to start. */
    public Map<String, Duration> startupTimes() {
        synchronized (startupTimes) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(startupTimes));
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedRegistry registry() {
        return registry;
    }

    public EmbeddedOpenSearch openSearch() {
        return openSearch;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", service.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
