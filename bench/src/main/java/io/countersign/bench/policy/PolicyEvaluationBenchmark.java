package io.countersign.bench.policy;

import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Policy evaluation per intent at 10, 100 and 1,000 rules (the gate's per-intent policy cost), next to
 * the baseline of a policy with no rules: building the CEL variables and applying the default effect,
 * which every evaluation pays. Sample mode, so the median and tail are reported, not only the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyEvaluationBenchmark {

    @Param({"10", "100", "1000"})
    public int rules;

    private Policy policy;
    private Policy empty;
    private ActionIntent intent;
    private Map<String, List<String>> labels;

    @Setup
    public void setUp() {
        policy = GeneratedPolicy.compile(rules);
        empty = PolicyLoader.parse("defaultEffect: allow\nrules: []\n", "empty.yaml");
        intent = GeneratedPolicy.representativeIntent();
        labels = GeneratedPolicy.representativeLabels();
    }

    @Benchmark
    public PolicyDecision evaluate() {
        return policy.evaluate(intent, labels);
    }

    @Benchmark
    public PolicyDecision baselineNoRules() {
        return empty.evaluate(intent, labels);
    }
}
