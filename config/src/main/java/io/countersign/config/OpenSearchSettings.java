package io.countersign.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code opensearch:} section: the node or cluster that holds the audit and lineage indices. */
public record OpenSearchSettings(
        @JsonProperty("url") String url,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password) {

    public static final OpenSearchSettings DEFAULTS = new OpenSearchSettings("http://127.0.0.1:9200", null, null);

    public OpenSearchSettings {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigException("opensearch.url must be an http(s) URL, e.g. http://127.0.0.1:9200, got: " + url);
        }
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "OpenSearchSettings[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
