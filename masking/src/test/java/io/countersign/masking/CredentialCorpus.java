package io.countersign.masking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The rows of {@code masking/credential-corpus.txt}: secrets in text and in parameters, and texts to keep. */
record CredentialCorpus(List<Row> rows) {

    /** One row: kind mask, param or keep; for param the parameter name; the secret (null for keep); the text. */
    record Row(String kind, String name, String secret, String text) {
    }

    static CredentialCorpus load() throws IOException {
        try (InputStream in = CredentialCorpus.class.getResourceAsStream("/masking/credential-corpus.txt")) {
            return new CredentialCorpus(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(CredentialCorpus::row).toList());
        }
    }

    private static Row row(String line) {
        String[] f = line.split("\t");
        return switch (f[0]) {
            case "mask" -> new Row("mask", null, f[1], unescape(f[2]));
            case "param" -> new Row("param", f[1], f[2], unescape(f[3]));
            case "keep" -> new Row("keep", null, null, unescape(f[1]));
            default -> throw new IllegalArgumentException("unknown corpus row: " + line);
        };
    }

    /** \n is a new line, \\n a literal backslash-n. */
    private static String unescape(String s) {
        return s.replace("\\\\n", "\u0000").replace("\\n", "\n").replace("\u0000", "\\n");
    }
}
