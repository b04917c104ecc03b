package io.countersign.contracts.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of a lineage edge Countersign derives itself: the lower-case hex SHA-256 of the source
 * dataset, the target dataset and the job, joined by newlines, in UTF-8. Ingest's OpenLineage mapping
 * ({@code RunEventMapper}) and lineage-index's execution lineage ({@code ExecutionEdgeSerializer})
 * both name edges with {@link #of}, so the same derivation seen twice is one edge: the id is the key of
 * the compacted {@code countersign.lineage} (the latest record per edge is kept) and the document id in
 * {@code countersign-lineage-edges}. It must never change — edges already in Kafka and OpenSearch keep
 * the ids they have (pinned by {@code LineageEdgeIdTest}).
 *
 * <p>Edges read back from Kafka may carry ids written by other producers; readers keep those as they are.
 */
public record LineageEdgeId(String value) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public LineageEdgeId {
        if (value == null || !SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException("a lineage edge id is 64 lower-case hex digits (a SHA-256), got " + value);
        }
    }

    /** The edge {@code source} → {@code target} derived by {@code job} (an OpenLineage namespace/name, or an intent's action). */
    public static LineageEdgeId of(String source, String target, String job) {
        String identity = Objects.requireNonNull(source, "source") + "\n" + Objects.requireNonNull(target, "target") + "\n"
                + Objects.requireNonNull(job, "job");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return new LineageEdgeId(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
