package io.countersign.approvals.opensearch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.config.ConfigException;

import java.time.Duration;

/**
 * The {@code blastRadius:} section of countersign.yaml, read by every service that shows approval cards
 * (approval-bot, teams-bot, the ingest gateway's approval API). Without {@code opensearchUrl} there is no
 * blast-radius line anywhere; {@code countersign up} sets it to its embedded OpenSearch node.
 *
 * <pre>
 * blastRadius:
 *   opensearchUrl: ${BLAST_RADIUS_OPENSEARCH_URL:-}  # the lineage index; empty: no blast-radius line on cards
 *   depth: 3              # hops downstream of the targets
 *   maxDatasets: 500      # stop the walk after this many datasets ("feeds 500+ datasets")
 *   budgetMillis: 2000    # per lookup; slower is "blast radius unavailable (lineage index unreachable)"
 *   cacheSeconds: 60      # how long one set of targets' answer is reused (an unavailable one: a tenth of it)
 *   windowDays: 30        # "used by N agents this month": distinct agents in this many days
 * </pre>
 */
public record BlastRadiusConfig(
        @JsonProperty("opensearchUrl") String opensearchUrl,
        @JsonProperty("depth") Integer depth,
        @JsonProperty("maxDatasets") Integer maxDatasets,
        @JsonProperty("budgetMillis") Integer budgetMillis,
        @JsonProperty("cacheSeconds") Integer cacheSeconds,
        @JsonProperty("windowDays") Integer windowDays) {

    /** No lineage index: no line. */
    public static final BlastRadiusConfig NONE = new BlastRadiusConfig(null, null, null, null, null, null);

    public BlastRadiusConfig {
        opensearchUrl = opensearchUrl == null || opensearchUrl.isBlank() ? null : opensearchUrl.strip();
        if (opensearchUrl != null && !opensearchUrl.startsWith("http://") && !opensearchUrl.startsWith("https://")) {
            throw new ConfigException("blastRadius.opensearchUrl must be an http(s) URL such as http://127.0.0.1:9200, or empty for no"
                    + " blast-radius line");
        }
        depth = positive("depth", depth, 3, 10);
        maxDatasets = positive("maxDatasets", maxDatasets, 500, 10_000);
        budgetMillis = positive("budgetMillis", budgetMillis, 2000, 30_000);
        cacheSeconds = positive("cacheSeconds", cacheSeconds, 60, 3600);
        windowDays = positive("windowDays", windowDays, 30, 365);
    }

    /** This configuration asking the lineage index at {@code url}. */
    public BlastRadiusConfig withOpensearchUrl(String url) {
        return new BlastRadiusConfig(url, depth, maxDatasets, budgetMillis, cacheSeconds, windowDays);
    }

    public boolean enabled() {
        return opensearchUrl != null;
    }

    public Duration budget() {
        return Duration.ofMillis(budgetMillis);
    }

    /** The lookup cards use: {@link OpenSearchBlastRadius} on the configured index, {@link BlastRadiusLookup#NONE} without one. */
    public BlastRadiusLookup lookup() {
        return enabled() ? new OpenSearchBlastRadius(this) : BlastRadiusLookup.NONE;
    }

    private static int positive(String key, Integer value, int otherwise, int max) {
        int v = value == null ? otherwise : value;
        if (v < 1 || v > max) {
            throw new ConfigException("blastRadius." + key + " must be between 1 and " + max + ", got " + v);
        }
        return v;
    }
}
