package io.countersign.processors.domain.classification;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any spelling that canonicalises to a labelled dataset gets that dataset's labels: variants of
 * labelled URIs (case of scheme and host, scheme aliases, default ports, trailing and doubled slashes,
 * percent-encoded unreserved characters, dot segments, a query or fragment, a root-label dot, and path
 * case where the store ignores it) are classified with the labels declared on the canonical URI.
 */
class ClassifierSpellingsPropertyTest {

    /** Canonical URIs with their labels; the key store of the classifier, as the writers keep it. */
    private static final Map<String, String> LABELLED = Map.of(
            "pg://crm/customers", "PII",
            "pg://crm/billing.invoices", "PCI",
            "s3://lake/Claims/2026/q3.parquet", "PHI",
            "https://api.example.com/Export/v2", "CONFIDENTIAL",
            "vault://prod/keys", "SECRET");

    private final Map<String, DatasetLabels> declared = new HashMap<>();
    private final Classifier classifier = new Classifier(declared::get, d -> null, List.of("UNCLASSIFIED"));

    ClassifierSpellingsPropertyTest() {
        LABELLED.forEach((uri, label) -> declared.put(uri, DatasetLabels.newBuilder().setDataset(uri).setUpdatedAt(Instant.EPOCH)
                .setLabels(List.of(LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).build())).build()));
    }

    @Property(tries = 2_000)
    void anySpellingOfALabelledDatasetGetsItsLabels(@ForAll("spellings") Tuple.Tuple2<String, String> canonicalAndSpelling) {
        String canonical = canonicalAndSpelling.get1();
        ActionIntent intent = ActionIntent.newBuilder().setIntentId("i").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:a@example.com")
                .setAction("db.export").setTargets(List.of(canonicalAndSpelling.get2())).build();
        Classifier.Classification c = classifier.classify(intent);
        assertThat(c.unreadableTargets()).isEmpty();
        DatasetClassification d = c.datasets().get(0);
        assertThat(d.getDataset()).isEqualTo(canonical);
        assertThat(d.getKnown()).isTrue();
        assertThat(d.getLabels()).extracting(LabelEntry::getLabel).containsExactly(LABELLED.get(canonical));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> spellings() {
        return Arbitraries.of(LABELLED.keySet().stream().sorted().toList())
                .flatMap(uri -> Arbitraries.longs().map(seed -> Tuple.of(uri, respell(uri, new Random(seed)))));
    }

    /** One random spelling of a canonical URI that must mean the same dataset. */
    static String respell(String canonical, Random r) {
        int sep = canonical.indexOf("://");
        String scheme = canonical.substring(0, sep);
        String rest = canonical.substring(sep + 3);
        String host = rest.substring(0, rest.indexOf('/'));
        String[] segments = rest.substring(rest.indexOf('/') + 1).split("/");
        boolean pathCaseFree = scheme.equals("pg");
        StringBuilder out = new StringBuilder();
        out.append(mixCase(alias(scheme, r), r)).append("://").append(mixCase(host, r));
        out.append(r.nextBoolean() ? "." : "").append(r.nextBoolean() ? defaultPort(scheme) : "");
        for (String segment : segments) {
            out.append(slashes(r));
            if (r.nextInt(4) == 0) {
                out.append(r.nextBoolean() ? "./" : "detour/../");
            }
            out.append(encodeSome(pathCaseFree ? mixCase(segment, r) : segment, r));
        }
        out.append(r.nextBoolean() ? slashes(r) : "");
        out.append(r.nextInt(3) == 0 ? "?sslmode=require&x=%41" : "").append(r.nextInt(3) == 0 ? "#part" : "");
        return out.toString();
    }

    private static String alias(String scheme, Random r) {
        List<String> aliases = switch (scheme) {
            case "pg" -> List.of("pg", "postgres", "postgresql");
            case "s3" -> List.of("s3", "s3a", "s3n");
            default -> List.of(scheme);
        };
        return aliases.get(r.nextInt(aliases.size()));
    }

    private static String defaultPort(String scheme) {
        return switch (scheme) {
            case "pg" -> ":5432";
            case "https" -> ":443";
            default -> "";
        };
    }

    private static String slashes(Random r) {
        return "/".repeat(1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0));
    }

    private static String mixCase(String s, Random r) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** Percent-encodes some unreserved characters, with hex digits in either case. */
    private static String encodeSome(String s, Random r) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (r.nextInt(4) == 0) {
                String hex = String.format("%%%02X", (int) c);
                b.append(r.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
