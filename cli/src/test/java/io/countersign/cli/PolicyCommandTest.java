package io.countersign.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {

    /** A policy whose rule {@code typo}, on line 3, reads a field intents do not have. */
    static final String DOES_NOT_COMPILE = """
            defaultEffect: review
            rules:
              - id: typo
                condition: intent.acton == 'db.export'
                effect: deny
            """;

    @TempDir
    Path dir;

    private Path shipped(String name) throws IOException {
        try (InputStream in = PolicyCommandTest.class.getResourceAsStream("/policy/" + name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @Test
    void theShippedPolicyPassesItsCases() throws IOException {
        CliRun r = CliRun.of("policy", "test", shipped("default-policy.yaml").toString(), shipped("default-policy-cases.yaml").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS: 15/15").doesNotContain("FAIL");
    }

    @Test
    void aFailingCaseIsReportedLikeOpaTestWithExitCodeOne() throws IOException {
        Path cases = Files.writeString(dir.resolve("cases.yaml"), """
                cases:
                  - name: reads of PII are allowed (they are not)
                    intent: {action: db.read, targets: [pg://crm/customers]}
                    labels: {pg://crm/customers: [PII]}
                    expect: {effect: allow}
                  - name: public reads are allowed
                    intent: {action: db.read, targets: [pg://web/pages]}
                    labels: {pg://web/pages: [PUBLIC]}
                    expect: {effect: allow}
                """);
        CliRun r = CliRun.of("policy", "test", "-v", shipped("default-policy.yaml").toString(), cases.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL: reads of PII are allowed (they are not)", "effect: expected allow, got review",
                "PASS: public reads are allowed", "PASS: 1/2", "FAIL: 1/2");
    }

    @Test
    void aPolicyThatDoesNotCompileNamesLineRuleAndError() throws IOException {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), DOES_NOT_COMPILE);
        CliRun check = CliRun.of("policy", "check", policy.toString());
        assertThat(check.exit()).isEqualTo(PolicyCommand.INVALID);
        assertThat(check.err()).contains("bad.yaml:3: rule typo:");

        CliRun good = CliRun.of("policy", "check", shipped("default-policy.yaml").toString());
        assertThat(good.exit()).isZero();
        assertThat(good.out()).contains("compiles: 7 rules");
    }
}
