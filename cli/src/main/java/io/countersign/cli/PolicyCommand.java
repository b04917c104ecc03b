package io.countersign.cli;

import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoadException;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.processors.domain.policy.PolicyTestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code countersign policy}: compile and test policies before they reach the pipeline. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Policy commands: check that a policy compiles, run its test cases, replay past intents through it.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Test.class, PolicyReplayCommand.class})
final class PolicyCommand implements Runnable {

    /** Exit code for a policy or case file that cannot be used at all (EX_DATAERR, sysexits.h). */
    static final int INVALID = 65;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads a policy file, or prints every problem (file:line: rule id: error) and returns null. */
    static Policy load(Path file, PrintWriter err) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyLoadException e) {
            err.println(e.getMessage());
            err.println("Fix the rules above; a running pipeline keeps enforcing its last good policy meanwhile.");
            err.flush();
            return null;
        }
    }

    /** {@code countersign policy check <policy>}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compiles every rule of a policy file and reports each problem with its line, rule id and CEL error.",
                    "Exit code 0 when it compiles, 65 when it does not."})
    static final class Check implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "POLICY", description = "The policy YAML file.")
        Path policyFile;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Policy policy = load(policyFile, spec.commandLine().getErr());
            if (policy == null) {
                return INVALID;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s compiles: %d rules, version %s%n", policyFile, policy.size(), policy.version());
            out.flush();
            return 0;
        }
    }

    /** {@code countersign policy test <policy> <cases>}, in the manner of {@code opa test}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Runs YAML test cases (intent + labels -> expected effect, rules, review) against a policy.",
                    "Exit code 0 when every case passes, 1 when any fails, 65 when a file cannot be used.",
                    "Case file format: see the shipped default-policy-cases.yaml and POLICY.md."})
    static final class Test implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "POLICY", description = "The policy YAML file.")
        Path policyFile;

        @Parameters(index = "1", paramLabel = "CASES", description = "The test cases YAML file.")
        Path casesFile;

        @picocli.CommandLine.Option(names = {"-v", "--verbose"}, description = "Also list the cases that pass.")
        boolean verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Policy policy = load(policyFile, err);
            if (policy == null) {
                return INVALID;
            }
            PolicyTestRunner.Cases cases;
            try {
                cases = PolicyTestRunner.parse(Files.readString(casesFile), casesFile.toString());
            } catch (IllegalArgumentException e) {
                err.println("Cannot use the test cases: " + e.getMessage());
                err.flush();
                return INVALID;
            }
            List<PolicyTestRunner.Result> results = PolicyTestRunner.run(policy, cases);
            long failed = results.stream().filter(r -> !r.passed()).count();
            for (PolicyTestRunner.Result r : results) {
                if (!r.passed() || verbose) {
                    out.printf(Locale.ROOT, "%s: %s (%.3f ms)%n", r.passed() ? "PASS" : "FAIL", r.name(), r.nanos() / 1e6);
                    r.failures().forEach(f -> out.println("    " + f));
                }
            }
            out.println("-".repeat(72));
            out.printf("policy %s (version %s)%n", policyFile, policy.version().substring(0, 12));
            if (results.size() - failed > 0) {
                out.printf("PASS: %d/%d%n", results.size() - failed, results.size());
            }
            if (failed > 0) {
                out.printf("FAIL: %d/%d%n", failed, results.size());
            }
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
