package io.countersign.masking;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MaskerTest {

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        List<String[]> rows;
        try (InputStream in = MaskerTest.class.getResourceAsStream("/masking/corpus.tsv")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t", l.startsWith("clean") ? 2 : 3)).toList();
        }
        assertThat(rows).hasSizeGreaterThan(30);
        return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + ": " + row[row.length - 1], () -> {
            String text = row[row.length - 1].replace("\\n", "\n");
            String masked = Masker.maskText(text);
            if (row[0].equals("clean")) {
                assertThat(masked).as("false positive").isEqualTo(text);
            } else {
                String kind = row[0].substring("masked:".length());
                assertThat(masked).as("masked form names the kind").contains(kind.equals("email") ? "***@" : "[masked:" + kind);
                assertThat(masked).as("the secret part does not survive").doesNotContain(row[1]);
            }
        }));
    }

    @Test
    void exactMaskedForms() {
        assertThat(Masker.maskText("jane.doe@example.com")).isEqualTo("***@example.com");
        assertThat(Masker.maskText("4111 1111 1111 1111")).isEqualTo("[masked:card ****1111]");
        assertThat(Masker.maskText("key AKIAIOSFODNN7EXAMPLE here")).isEqualTo("key [masked:api-key] here");
    }

    @Test
    void parametersNamedSecretOrListedByPolicyAreMaskedWhole() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("table", "customers");
        params.put("db_password", "hunter2");
        params.put("API_KEY", "abc");
        params.put("where", "email = 'bob@example.com'");
        params.put("bucket", "s3://partner-drop");

        Map<String, String> masked = new Masker(List.of("bucket")).mask(params);

        assertThat(masked).containsExactly(
                Map.entry("table", "customers"),
                Map.entry("db_password", "[masked:by-policy]"),
                Map.entry("API_KEY", "[masked:by-policy]"),
                Map.entry("where", "email = '***@example.com'"),
                Map.entry("bucket", "[masked:by-policy]"));
    }

    @Test
    void nullAndEmptyAreKept() {
        assertThat(Masker.maskText(null)).isNull();
        assertThat(Masker.maskText("")).isEmpty();
        assertThat(Masker.detectorsOnly().maskParameter("password", "")).isEmpty();
    }

    @Test
    void checksumsRejectLookAlikes() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
        assertThat(Checksums.iban("GB29NWBK60161331926819")).isTrue();
        assertThat(Checksums.iban("GB00NWBK60161331926819")).isFalse();
        assertThat(Checksums.ssn("123-45-6789")).isTrue();
        assertThat(Arrays.asList("000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000"))
                .noneMatch(Checksums::ssn);
    }
}
