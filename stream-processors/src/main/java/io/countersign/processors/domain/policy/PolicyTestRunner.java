package io.countersign.processors.domain.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Effect;
import io.countersign.schema.MatchedRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a policy against a file of test cases, the way {@code opa test} runs Rego tests: each case passes
 * or fails with the differences spelled out. Unknown datasets get the file's {@code unknownDatasetLabels}
 * (default {@code UNCLASSIFIED}), as the pipeline's classifier would give them.
 */
public final class PolicyTestRunner {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The test file. */
    public record Cases(@JsonProperty("unknownDatasetLabels") List<String> unknownDatasetLabels,
                        @JsonProperty("cases") List<PolicyTestCase> cases) {
    }

    /** One case's outcome; {@code failures} is empty when it passed. */
    public record Result(String name, List<String> failures, long nanos) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private PolicyTestRunner() {
    }

    /** Parses a case file, naming the line of the first problem. */
    public static Cases parse(String yaml, String origin) {
        try {
            Cases cases = YAML.readValue(yaml, Cases.class);
            if (cases == null || cases.cases() == null || cases.cases().isEmpty()) {
                throw new IllegalArgumentException(origin + ": no cases (expected a top-level 'cases:' list)");
            }
            return cases;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(YamlErrors.describe(e, yaml, origin), e);
        }
    }

    public static List<Result> run(Policy policy, Cases cases) {
        List<String> unknown = cases.unknownDatasetLabels() == null ? List.of("UNCLASSIFIED") : cases.unknownDatasetLabels();
        List<Result> results = new ArrayList<>();
        int index = 0;
        for (PolicyTestCase c : cases.cases()) {
            index++;
            String name = c.name() != null ? c.name() : "case " + index;
            long t0 = System.nanoTime();
            List<String> failures;
            try {
                ActionIntent intent = c.toIntent(index);
                PolicyDecision decision = policy.evaluate(intent, labels(intent, c.labels(), unknown));
                failures = compare(c.expect(), decision);
            } catch (RuntimeException e) {
                failures = List.of("could not evaluate: " + e.getMessage());
            }
            results.add(new Result(name, failures, System.nanoTime() - t0));
        }
        return results;
    }

    private static Map<String, List<String>> labels(ActionIntent intent, Map<String, List<String>> given, List<String> unknown) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String target : intent.getTargets()) {
            List<String> l = given == null ? null : given.get(target);
            out.put(target, l == null ? unknown : l);
        }
        return out;
    }

    private static List<String> compare(PolicyTestCase.Expectation expect, PolicyDecision got) {
        List<String> failures = new ArrayList<>();
        if (expect == null) {
            failures.add("the case has no 'expect:' section");
            return failures;
        }
        if (expect.effect() != null && !expect.effect().toUpperCase(Locale.ROOT).equals(got.effect().name())) {
            failures.add("effect: expected " + expect.effect().toLowerCase(Locale.ROOT) + ", got " + got.effect().name().toLowerCase(Locale.ROOT));
        }
        if (expect.rules() != null) {
            Set<String> want = new TreeSet<>(expect.rules());
            Set<String> have = new TreeSet<>();
            for (MatchedRule m : got.matched()) {
                have.add(m.getId());
            }
            if (!want.equals(have)) {
                failures.add("matched rules: expected " + want + ", got " + have);
            }
        }
        boolean reviewExpected = expect.approvers() != null || expect.quorum() != null || expect.ttl() != null || expect.requireReason() != null;
        if (reviewExpected && got.effect() != Effect.REVIEW) {
            failures.add("review details were expected, but the effect is " + got.effect().name().toLowerCase(Locale.ROOT));
            return failures;
        }
        ReviewRequirement r = got.review();
        if (expect.approvers() != null && !new TreeSet<>(expect.approvers()).equals(new TreeSet<>(r.approverGroups()))) {
            failures.add("approver groups: expected " + new TreeSet<>(expect.approvers()) + ", got " + new TreeSet<>(r.approverGroups()));
        }
        if (expect.quorum() != null && expect.quorum() != r.quorum()) {
            failures.add("quorum: expected " + expect.quorum() + ", got " + r.quorum());
        }
        if (expect.ttl() != null && !r.ttl().equals(PolicyLoader.duration(expect.ttl()))) {
            failures.add("ttl: expected " + expect.ttl() + ", got " + r.ttl());
        }
        if (expect.requireReason() != null && expect.requireReason() != r.requireReason()) {
            failures.add("requireReason: expected " + expect.requireReason() + ", got " + r.requireReason());
        }
        return failures;
    }
}
