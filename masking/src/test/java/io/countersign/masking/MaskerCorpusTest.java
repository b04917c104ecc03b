package io.countersign.masking;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every credential shape of {@code masking/credential-corpus.txt} is masked — no secret, and no ten
 * characters in a row of it, survive — and the texts approvers need (dataset URIs, UUIDs, hashes,
 * prose, masked values) come out unchanged.
 */
class MaskerCorpusTest {

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        CredentialCorpus corpus = CredentialCorpus.load();
        assertThat(corpus.rows()).filteredOn(r -> !r.kind().equals("keep")).hasSizeGreaterThan(60);
        return corpus.rows().stream().map(row -> DynamicTest.dynamicTest(row.kind() + ": " + row.text(), () -> {
            switch (row.kind()) {
                case "keep" -> assertThat(Masker.maskText(row.text())).as("false positive").isEqualTo(row.text());
                case "mask" -> assertNoPartOf(row.secret(), Masker.maskText(row.text()));
                default -> {
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put(row.name(), row.text());
                    params.put("table", "customers");
                    Map<String, String> masked = Masker.detectorsOnly().mask(params);
                    assertNoPartOf(row.secret(), masked.toString());
                    assertThat(masked).containsEntry("table", "customers");
                }
            }
        }));
    }

    @Test
    void maskingIsIdempotentOnTheWholeCorpus() throws IOException {
        for (CredentialCorpus.Row row : CredentialCorpus.load().rows()) {
            String once = Masker.maskText(row.text());
            assertThat(Masker.maskText(once)).as(row.text()).isEqualTo(once);
        }
    }

    @Test
    void maskedFormsKeepWhatApproversNeed() {
        assertThat(Masker.maskText("connect with password=hunter2 then export")).isEqualTo("connect with password=[masked:secret] then export");
        assertThat(Masker.maskText("{\"user\": \"etl\", \"secret\": \"x1\"}")).isEqualTo("{\"user\": \"etl\", \"secret\": \"[masked:secret]\"}");
        assertThat(Masker.maskText("postgres://app:s3cret@db.internal:5432/crm")).isEqualTo("postgres://app:[masked:password]@db.internal:5432/crm");
        assertThat(Masker.maskText("https://x.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=r&sig=abc%2Bdef"))
                .isEqualTo("https://x.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=r&sig=[masked:secret]");
        assertThat(Masker.maskText("Server=sql;User ID=app;Password=my secret pass;Encrypt=True"))
                .isEqualTo("Server=sql;User ID=app;Password=[masked:secret];Encrypt=True");
        assertThat(Masker.maskText("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----"))
                .isEqualTo("[masked:private-key]");
    }

    @Test
    void credentialsInIdentifiersAreMaskedAndTheRestIsKept() {
        assertThat(Masker.maskCredentials("sftp://drop:Pa55word@partner.example.com/in")).isEqualTo("sftp://drop:[masked:password]@partner.example.com/in");
        assertThat(Masker.maskCredentials("https://acct.blob.core.windows.net/exports?sv=2022-11-02&sig=Zm9v"))
                .isEqualTo("https://acct.blob.core.windows.net/exports?sv=2022-11-02&sig=[masked:secret]");
        String uri = "s3://acme-lake/exports/Q3Report2024xYzAbC12345/jane.doe@example.com.csv";
        assertThat(Masker.maskCredentials(uri)).as("no entropy or personal-data guesses on identifiers").isEqualTo(uri);
    }

    @Test
    void secretNames() {
        assertThat(Stream.of("secret_key", "pwd", "db_password", "PGPASSWORD", "X-Amz-Signature", "AccountKey", "apiKey",
                "x-api-key", "client_secret", "authToken", "key", "sig", "spring.datasource.password", "x-auth"))
                .allMatch(SecretNames::isSecret);
        assertThat(Stream.of("table", "sort_key", "secret_name", "private_key_id", "max_tokens", "token_count", "tokenizer",
                "auth_method", "config", "note", "primary_key", "spin", "password_policy", "bucket"))
                .noneMatch(SecretNames::isSecret);
    }

    /** Neither the secret nor any ten characters in a row of it survive (a card keeps its last four). */
    private static void assertNoPartOf(String secret, String masked) {
        assertThat(masked).doesNotContain(secret);
        for (int i = 0; i + 10 <= secret.length(); i++) {
            assertThat(masked).as("part of %s", secret).doesNotContain(secret.substring(i, i + 10));
        }
    }
}
