package io.countersign.contracts.ids;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever an agent sends, parsing either gives a canonical value that is stable, or the typed refusal. */
class DatasetUriPropertiesTest {

    @Property(tries = 3_000)
    void anyTextIsCanonicalisedOrRefusedWithTheTypedException(@ForAll String anything) {
        check(anything);
    }

    @Property(tries = 5_000)
    void uriShapedTextIsCanonicalisedOrRefusedWithTheTypedException(@ForAll("uriLike") String text) {
        check(text);
    }

    private static void check(String text) {
        Optional<DatasetUri> parsed;
        try {
            parsed = Optional.of(DatasetUri.parse(text));
        } catch (InvalidDatasetUriException refused) {
            assertThat(refused.getMessage()).startsWith("the dataset URI ");
            return;
        }
        String canonical = parsed.get().value();
        assertThat(DatasetUri.parse(canonical).value()).as("canonical form is stable").isEqualTo(canonical);
        assertThat(canonical).matches("[\\x21-\\x7e]+").doesNotContain("?", "#", "/./", "/../").doesNotEndWith("/");
        if (canonical.contains("://")) {
            String afterScheme = canonical.substring(canonical.indexOf("://") + 3);
            assertThat(afterScheme).as("no doubled slash in the path").doesNotContain("//");
            assertThat(afterScheme.split("/", 2)[0]).as("no user info").doesNotContain("@");
        }
    }

    /** Pieces that exercise every rule: odd schemes, hosts, ports, user info, escapes, dots, Unicode, controls. */
    @Provide
    Arbitrary<String> uriLike() {
        Arbitrary<String> scheme = Arbitraries.of("pg", "PG", "postgres", "s3", "S3A", "https", "file", "arn", "urn", "x-y", "", "1x", "ｐｇ");
        Arbitrary<String> sep = Arbitraries.of("://", ":", ":/", ":///", "//", "：／／");
        Arbitrary<String> host = Arbitraries.of("crm", "CRM", "crm.", "сrm", "bücher", "xn--bcher-kva", "[::1]", "[zz]", "a..b", "u:p@crm",
                "%63rm", "%C3", "crm%2F", "", "ａｂｃ", "日本語", "crm\u200B", "localhost", "a_b-c");
        Arbitrary<String> port = Arbitraries.of("", ":", ":5432", ":443", ":0", ":65536", ":0005432", ":-1", ":٣");
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "%2e", "%2E%2E", "Customers", "a%2Fb", "%41", "%4", "%", "%00", "%C3%A9", "e\u0301", "ß",
                        "İ", "K", "\\", "a b", "%20", "x%20y", "\uD800", "\uFE0F", "ǅ", "ﬁ", "%EF%BC%8F", "%25", "?q=1", "#f", "@", ":"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> path = segment.list().ofMaxSize(6).map(l -> l.isEmpty() ? "" : "/" + String.join("/", l));
        return Combinators.combine(scheme, sep, host, port, path).as((a, b, c, d, e) -> a + b + c + d + e);
    }
}
