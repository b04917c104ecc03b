package io.countersign.bench.replay;

import io.countersign.bench.policy.GeneratedPolicy;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.domain.policy.replay.PastDecision;
import io.countersign.processors.domain.policy.replay.PolicyReplay;
import io.countersign.processors.domain.policy.replay.ReplayReport;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import io.countersign.schema.MatchedRule;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * How fast {@link PolicyReplay} replays past decisions through a candidate policy, next to the candidate's own
 * evaluation of the same intents ({@link Policy#evaluate}) in a bare loop: the replay's overhead over the evaluator.
 * The history is {@code n} synthetic past decisions cycling through a pool of distinct ones (seeded, so a run always
 * replays the same), each decided at generation by a generated policy (the policy benchmark's shapes); the candidate is
 * that policy with one rule changed (prod exports denied instead of reviewed), so a few percent flip, as in a real change. Repetitions interleave the two, after one warm-up of each.
 */
public final class ReplayBench {

    /** One repetition: seconds to replay, seconds for the bare evaluation, and their ratio. */
    public record Round(double replaySeconds, double evaluateSeconds, double ratio, long flipped) {
    }

    private static final String[] ACTIONS = {"db.read", "db.export", "db.write", "iam.role.grant", "infra.apply", "model.train", "s3.copy"};
    private static final String[] LABELS = {"PII", "PHI", "PCI", "INTERNAL", "PUBLIC", "FINANCE", "HR"};
    private static final String[] ENVS = {"prod", "staging", "dev"};

    private ReplayBench() {
    }

    public static List<Round> run(int decisions, int pool, int rules, int repetitions, PrintWriter progress) {
        Policy old = GeneratedPolicy.compile(rules);
        String changed = GeneratedPolicy.yaml(rules).replace("effect: review\n    approvers: [security-oncall]\n    quorum: 1\n    ttl: 1h", "effect: deny");
        Policy candidate = PolicyLoader.parse(changed, "candidate-" + rules + ".yaml");
        if (candidate.version().equals(old.version())) {
            throw new IllegalStateException("the candidate must differ from the policy that decided the history");
        }
        List<PastDecision> past = generate(pool, old);
        progress.printf("  %,d distinct past decisions generated; replaying %,d through a %,d-rule candidate%n", pool, decisions, rules);
        List<Round> rounds = new ArrayList<>();
        for (int rep = 0; rep <= repetitions; rep++) {
            long t0 = System.nanoTime();
            long sink = evaluate(cycle(past, decisions), candidate);
            long t1 = System.nanoTime();
            ReplayReport report = PolicyReplay.replay(cycle(past, decisions), candidate, 1_000, n -> { });
            long t2 = System.nanoTime();
            if (report.replayed() != decisions || sink == 0) {
                throw new IllegalStateException("replayed " + report.replayed() + " of " + decisions);
            }
            Round r = new Round((t2 - t1) / 1e9, (t1 - t0) / 1e9, (double) (t2 - t1) / (t1 - t0), report.flipped());
            progress.printf("  %s: replay %.2f s, bare evaluation %.2f s, ratio %.2f, %,d flipped%n", rep == 0 ? "warm-up" : "round " + rep,
                    r.replaySeconds(), r.evaluateSeconds(), r.ratio(), r.flipped());
            if (rep > 0) {
                rounds.add(r);
            }
        }
        return rounds;
    }

    /** The baseline: the candidate's evaluation of each intent and nothing else. */
    private static long evaluate(Iterator<PastDecision> history, Policy candidate) {
        long sink = 0;
        while (history.hasNext()) {
            PastDecision d = history.next();
            PolicyDecision now = candidate.evaluate(d.intent(), d.labels());
            sink += now.effect().ordinal() + 1;
        }
        return sink;
    }

    private static Iterator<PastDecision> cycle(List<PastDecision> pool, int n) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public PastDecision next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                return pool.get(i++ % pool.size());
            }
        };
    }

    private static List<PastDecision> generate(int n, Policy old) {
        Random random = new Random(22);
        List<PastDecision> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String agent = "agent:bench-" + random.nextInt(50);
            List<String> targets = List.of("pg://crm/table-" + random.nextInt(500), "s3://lake/part-" + random.nextInt(500));
            Map<String, List<String>> labels = Map.of(targets.get(0), List.of(LABELS[random.nextInt(LABELS.length)]),
                    targets.get(1), List.of(LABELS[random.nextInt(LABELS.length)]));
            boolean external = random.nextInt(4) == 0;
            ActionIntent intent = ActionIntent.newBuilder().setIntentId("bench-" + i).setOccurredAt(Instant.ofEpochSecond(1_790_000_000L + i))
                    .setAgent(AgentRef.newBuilder().setId(agent).setFramework("fw-" + random.nextInt(10)).setOwner("user:owner@example.com").build())
                    .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", agent))
                    .setAction(ACTIONS[random.nextInt(ACTIONS.length)]).setTargets(targets)
                    .setDestination(Destination.newBuilder().setUri(external ? "s3://vendor-" + random.nextInt(100) + "/drop" : "s3://acme-data/x")
                            .setExternal(external).build())
                    .setParameters(Map.of("format", "csv", "ticket-" + random.nextInt(1000), "yes")).setEnvironment(ENVS[random.nextInt(ENVS.length)])
                    .build();
            PolicyDecision then = old.evaluate(intent, labels);
            out.add(new PastDecision(intent.getIntentId(), intent.getOccurredAt(), intent, labels, then.effect(),
                    then.matched().stream().map(MatchedRule::getId).toList(), old.version()));
        }
        return out;
    }
}
