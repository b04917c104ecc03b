package io.countersign.processors;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential corpus of the masking module ({@code masking/src/test/resources/masking/credential-corpus.txt},
 * read from the source tree so there is one corpus), made into intents whose parameters, reason,
 * targets and destination carry every secret in it.
 */
public final class SecretCorpus {

    /** One secret and the text it hides in; {@code name} is the parameter name for parameter rows. */
    public record Row(String name, String secret, String text) {
    }

    private final List<Row> rows;

    private SecretCorpus(List<Row> rows) {
        this.rows = rows;
    }

    public static SecretCorpus load() {
        Path file = Path.of("..", "masking", "src", "test", "resources", "masking", "credential-corpus.txt");
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (f[0].equals("mask")) {
                    rows.add(new Row(null, f[1], unescape(f[2])));
                } else if (f[0].equals("param")) {
                    rows.add(new Row(f[1], f[2], unescape(f[3])));
                }
            }
            return new SecretCorpus(List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("the credential corpus is read from the source tree: " + file.toAbsolutePath(), e);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\\\n", "\u0000").replace("\\n", "\n").replace("\u0000", "\\n");
    }

    public List<String> secrets() {
        return rows.stream().map(Row::secret).toList();
    }

    /** Every secret of the corpus that occurs in {@code text}. */
    public List<String> foundIn(String text) {
        return secrets().stream().filter(text::contains).toList();
    }

    /**
     * An intent carrying every secret: text rows as parameters {@code p0, p1...} and all of them once more in
     * the reason; parameter rows under their own names (only there); a password in a target and a SAS token in the destination.
     */
    public ActionIntent.Builder intent(String id, String action) {
        Map<String, String> params = new LinkedHashMap<>();
        StringBuilder reason = new StringBuilder("Export for the partner.");
        String target = null;
        String destination = null;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            params.put(r.name() == null ? "p" + i : r.name(), r.text());
            if (r.name() == null) { // a parameter row's value is a secret only under its name
                reason.append('\n').append(r.text());
            }
            if (target == null && r.text().startsWith("postgres://")) {
                target = r.text();
            }
            if (destination == null && r.text().contains("&sig=")) {
                destination = r.text();
            }
        }
        return ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("it").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction(action).setTargets(List.of("pg://crm/customers", target))
                .setDestination(Destination.newBuilder().setUri(destination).setExternal(true).build())
                .setParameters(params).setReason(reason.toString()).setEnvironment("prod");
    }
}
