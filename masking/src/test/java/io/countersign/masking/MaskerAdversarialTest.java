package io.countersign.masking;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile 8 KB inputs shaped to make a backtracking regular expression take exponential or high
 * polynomial time: long runs just short of a match, repeated openings that never close. No timing
 * assertion — a catastrophic pattern would simply not finish, and the build would hang here.
 */
class MaskerAdversarialTest {

    private static final int SIZE = 8 * 1024;

    @TestFactory
    Stream<DynamicTest> hostileInputsFinish() {
        Map<String, String> inputs = new java.util.LinkedHashMap<>();
        inputs.put("letters", "a".repeat(SIZE));
        inputs.put("dotted words", "a.".repeat(SIZE / 2));
        inputs.put("dashed words", "a-".repeat(SIZE / 2));
        inputs.put("at signs", "a@a.".repeat(SIZE / 4));
        inputs.put("pem openings", "-----BEGIN PRIVATE KEY-----".repeat(SIZE / 27));
        inputs.put("pem dashes", "-".repeat(SIZE));
        inputs.put("jwt prefixes", "eyJ-".repeat(SIZE / 4));
        inputs.put("jwt without dots", "eyJ" + "A".repeat(SIZE));
        inputs.put("jwt dots", "eyJaaaaa." .repeat(SIZE / 9));
        inputs.put("schemes", "a://".repeat(SIZE / 4));
        inputs.put("userinfo without at", "postgres://u:" + "p".repeat(SIZE));
        inputs.put("userinfo colons", "x://" + ":".repeat(SIZE));
        inputs.put("pairs without values", "password=".repeat(SIZE / 9));
        inputs.put("pair separators", "password" + " ".repeat(SIZE) + "x");
        inputs.put("unterminated quote", "password=\"" + "x".repeat(SIZE));
        inputs.put("escaped quotes", "password=\\\"" + "\\x".repeat(SIZE / 2));
        inputs.put("odbc braces", "Pwd={" + "}}".repeat(SIZE / 2));
        inputs.put("flags", "--password ".repeat(SIZE / 11));
        inputs.put("xml openings", "<password>".repeat(SIZE / 10));
        inputs.put("xml attributes", "<password " + "a=b ".repeat(SIZE / 4));
        inputs.put("digits", "1".repeat(SIZE));
        inputs.put("digit groups", "1 ".repeat(SIZE / 2));
        inputs.put("phone like", "+1 (".repeat(SIZE / 4));
        inputs.put("base64", "Ab1+".repeat(SIZE / 4));
        inputs.put("slashes", "aB3/".repeat(SIZE / 4));
        inputs.put("bearer", "Bearer ".repeat(SIZE / 7));
        inputs.put("basic", "basic " + "a".repeat(SIZE));
        inputs.put("sk prefixes", "sk-".repeat(SIZE / 3));
        inputs.put("ibans", "DE89 ".repeat(SIZE / 5));
        inputs.put("prose is", "password is ".repeat(SIZE / 12));
        return inputs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String masked = Masker.maskText(e.getValue());
            assertThat(masked).isNotNull();
            assertThat(Masker.detectorsOnly().maskParameter("config", e.getValue())).isEqualTo(masked);
        }));
    }
}
