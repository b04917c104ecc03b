package io.countersign.cli;

import io.countersign.sdk.Countersign;
import io.countersign.sdk.Intent;
import io.countersign.sdk.IntentHandle;
import io.countersign.sdk.Verdict;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a steady stream of intents, as agents would send them, through several gateways in turn
 * (a load balancer's round robin), each submitted with the Java SDK (which retries 503s and lost
 * connections) and, unless it goes to review, followed by a long-poll for its verdict. Every intent is
 * one {@link Sample}: when it was submitted, when its verdict arrived, or the error. Every
 * {@code reviewEvery}-th intent is an IAM change in prod, which the shipped policy sends to review.
 */
final class VerdictLoad implements AutoCloseable {

    enum Kind { READ, REVIEW }

    /**
     * One intent. {@code submittedNanos} is when the schedule said to send it, not when a thread got to
     * it, so a stall anywhere (gateway, pipeline, or this client) shows in the latency instead of
     * delaying the next sends (coordinated omission). {@code decidedNanos} is -1 for a review (decided
     * later by an approver) or a failure. {@code gateMillis} is the verdict's own latency: from the
     * gateway's receipt to the gate's decision, before the transaction commits and the verdict travels back.
     */
    record Sample(String intentId, Kind kind, int gateway, long submittedNanos, long decidedNanos, long gateMillis, String outcome, String error) {
        long latencyMillis() {
            return TimeUnit.NANOSECONDS.toMillis(decidedNanos - submittedNanos);
        }
    }

    private final List<Countersign> clients;
    private final int perSecond;
    private final int reviewEvery;
    private final String run;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    // Each read holds its thread until the verdict: enough threads that a slow phase does not queue the sends.
    private final ExecutorService agents = Executors.newFixedThreadPool(400);
    private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();

    VerdictLoad(List<URI> gateways, String agentKey, int perSecond, int reviewEvery, String run) {
        this.clients = gateways.stream().map(g -> Countersign.connect(g, agentKey)).toList();
        this.perSecond = perSecond;
        this.reviewEvery = reviewEvery;
        this.run = run;
    }

    void start() {
        long period = 1_000_000_000L / perSecond;
        long first = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            long intended = first + n * period;
            agents.execute(() -> one(n, intended));
        }, 0, period, TimeUnit.NANOSECONDS);
    }

    private void one(int n, long submitted) {
        int gateway = n % clients.size();
        Kind kind = n % reviewEvery == reviewEvery - 1 ? Kind.REVIEW : Kind.READ;
        Intent intent = kind == Kind.REVIEW
                ? Intent.action("iam.role.grant").principal("user:alice@example.com").target("pg://cluster-it/roles/" + run + "-" + n)
                        .reason("cluster IT: an IAM change in prod").build()
                : Intent.action("db.read").principal("user:alice@example.com").target("pg://cluster-it/pages/" + run + "-" + n)
                        .reason("cluster IT: a read").build();
        String id = null;
        try {
            IntentHandle handle = clients.get(gateway).submit(intent);
            id = handle.intentId();
            if (kind == Kind.REVIEW) {
                samples.add(new Sample(id, kind, gateway, submitted, -1, -1, "PENDING_REVIEW", null));
                return;
            }
            Verdict verdict = handle.awaitVerdict(Duration.ofMinutes(5));
            long decided = System.nanoTime();
            samples.add(new Sample(id, kind, gateway, submitted, decided, verdict.latencyMs() == null ? -1 : verdict.latencyMs(),
                    verdict.outcome().name(), null));
        } catch (RuntimeException e) {
            samples.add(new Sample(id, kind, gateway, submitted, -1, -1, null, e.toString()));
        }
    }

    /**
     * Waits until the last {@code last} verdicts each arrived within {@code within} of being due: a
     * deployment that has just started is still compiling and settling its consumer groups, and its
     * first minute says nothing about its steady state. False when that did not happen in {@code timeout}.
     */
    boolean awaitSteady(int last, Duration within, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Sample> decided = samples.stream().filter(s -> s.decidedNanos() >= 0).toList();
            if (decided.size() >= last && decided.subList(decided.size() - last, decided.size()).stream()
                    .allMatch(s -> s.latencyMillis() <= within.toMillis())) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Stops submitting and waits for the verdicts still awaited. */
    void stop(Duration timeout) throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        agents.shutdown();
        if (!agents.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("verdicts still awaited " + timeout.toSeconds() + " s after the load stopped");
        }
    }

    int sent() {
        return sent.get();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        agents.shutdownNow();
        clients.forEach(Countersign::close);
    }
}
