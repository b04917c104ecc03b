package io.countersign.contracts.ids;

import java.util.Map;
import java.util.Set;

/**
 * What differs between URI schemes when a dataset URI is canonicalised: aliases that name the same
 * kind of store, the port a URI may leave out, whether the store's names are case-insensitive (so the
 * path is lower-cased) and whether the scheme is opaque (no {@code //authority}). The table in
 * README.md ("Dataset URIs") is the documentation of these rules; keep both in step.
 */
final class SchemeRules {

    /** Spellings of one store; the value is the canonical scheme. */
    private static final Map<String, String> ALIASES = Map.of(
            "postgres", "pg", "postgresql", "pg",
            "s3a", "s3", "s3n", "s3",
            "gcs", "gs",
            "mariadb", "mysql",
            "mssql", "sqlserver",
            "presto", "trino");

    private static final Map<String, Integer> DEFAULT_PORTS = Map.ofEntries(
            Map.entry("http", 80), Map.entry("https", 443),
            Map.entry("pg", 5432), Map.entry("mysql", 3306), Map.entry("sqlserver", 1433),
            Map.entry("oracle", 1521), Map.entry("redshift", 5439), Map.entry("snowflake", 443),
            Map.entry("hive", 10000), Map.entry("trino", 8080), Map.entry("hdfs", 8020),
            Map.entry("kafka", 9092), Map.entry("mongodb", 27017));

    /**
     * Stores whose unquoted identifiers are case-insensitive: {@code PG://crm/Customers} is the table
     * {@code customers}. BigQuery, Kafka, MongoDB and object stores (s3, gs, file, hdfs, http) are
     * case-sensitive and keep their path's case.
     */
    private static final Set<String> CASE_INSENSITIVE_PATHS = Set.of(
            "pg", "mysql", "sqlserver", "oracle", "redshift", "snowflake", "hive", "trino");

    /** Schemes written without {@code //}: {@code arn:aws:s3:::bucket/key}, {@code urn:...}. */
    private static final Set<String> OPAQUE = Set.of("arn", "urn");

    private SchemeRules() {
    }

    static String canonicalScheme(String lowerCaseScheme) {
        return ALIASES.getOrDefault(lowerCaseScheme, lowerCaseScheme);
    }

    static boolean isDefaultPort(String scheme, int port) {
        Integer p = DEFAULT_PORTS.get(scheme);
        return p != null && p == port;
    }

    static boolean caseInsensitivePath(String scheme) {
        return CASE_INSENSITIVE_PATHS.contains(scheme);
    }

    static boolean opaque(String scheme) {
        return OPAQUE.contains(scheme);
    }
}
