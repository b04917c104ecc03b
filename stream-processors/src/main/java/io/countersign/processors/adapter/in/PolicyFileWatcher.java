package io.countersign.processors.adapter.in;

import io.countersign.contracts.canonical.IntentHash;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoadException;
import io.countersign.processors.domain.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Supplies the current policy from a file and reloads it when the file's content changes, without a
 * restart. A new version that does not compile is rejected with every problem logged (file, line, rule
 * id, CEL error) and the pipeline keeps deciding with the last good policy.
 *
 * <p>It polls the content hash rather than using a {@code WatchService}: watch events are unreliable on
 * the mounted volumes and ConfigMap symlink swaps that policies are usually deployed through, and a
 * read every couple of seconds costs nothing.
 */
public final class PolicyFileWatcher implements Supplier<Policy>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);

    private final Path file;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private final AtomicReference<String> lastSeenHash = new AtomicReference<>();
    private final AtomicReference<PolicyLoadException> lastRejection = new AtomicReference<>();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private final ScheduledExecutorService poller;

    /**
     * Loads {@code file} now (failing if it does not compile: a pipeline must not start without a policy)
     * and re-checks it every {@code interval}; a zero interval disables watching.
     */
    public PolicyFileWatcher(Path file, Duration interval) {
        this.file = file.toAbsolutePath();
        String text;
        try {
            text = read();
        } catch (UncheckedIOException e) {
            throw new PolicyLoadException(this.file.toString(), List.of(this.file + ": cannot read: " + e.getCause().getMessage()));
        }
        current.set(PolicyLoader.parse(text, this.file.toString()));
        lastSeenHash.set(IntentHash.sha256Hex(text));
        LOG.info("Policy {} loaded: version {} with {} rules", this.file, shortVersion(current.get()), current.get().size());
        if (interval.isZero()) {
            poller = null;
        } else {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "countersign-policy-watch");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Policy get() {
        return current.get();
    }

    /**
     * Reloads if the file changed since it was last read. Returns true when a new policy is now in force.
     * Throws the rejection when the changed file does not compile (the last good policy stays in force).
     */
    public boolean reloadIfChanged() {
        String text = read();
        String hash = IntentHash.sha256Hex(text);
        if (hash.equals(lastSeenHash.getAndSet(hash))) {
            return false;
        }
        try {
            Policy next = PolicyLoader.parse(text, file.toString());
            Policy previous = current.getAndSet(next);
            lastRejection.set(null);
            reloads.incrementAndGet();
            LOG.info("Policy {} reloaded: version {} -> {} ({} rules)", file, shortVersion(previous), shortVersion(next), next.size());
            return true;
        } catch (PolicyLoadException e) {
            lastRejection.set(e);
            rejections.incrementAndGet();
            LOG.error("Policy {} changed but was rejected; still enforcing version {}. {}", file, shortVersion(current.get()), e.getMessage());
            throw e;
        }
    }

    private void checkQuietly() {
        try {
            reloadIfChanged();
        } catch (PolicyLoadException e) {
            // already logged with every problem; keep polling so the fixed file is picked up
        } catch (RuntimeException e) {
            LOG.warn("Could not check policy {} for changes: {}", file, e.getMessage());
        }
    }

    private String read() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            // Often transient (a deployment swapping the file); the poller warns and tries again.
            throw new UncheckedIOException(e);
        }
    }

    private static String shortVersion(Policy p) {
        return p.version().substring(0, 12);
    }

    /** Why the latest change was rejected, or null when the file in force is the file on disk. */
    public PolicyLoadException lastRejection() {
        return lastRejection.get();
    }

    public long reloads() {
        return reloads.get();
    }

    public long rejections() {
        return rejections.get();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
