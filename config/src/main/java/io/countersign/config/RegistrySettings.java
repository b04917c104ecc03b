package io.countersign.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code registry:} section: the Confluent-compatible Schema Registry every Avro topic uses.
 * Works with Confluent Schema Registry ({@code http://host:8081}) and Apicurio's compatibility API
 * ({@code http://host:8080/apis/ccompat/v7}).
 */
public record RegistrySettings(
        @JsonProperty("url") String url,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password) {

    public static final RegistrySettings DEFAULTS = new RegistrySettings("http://127.0.0.1:8081/apis/ccompat/v7", null, null);

    public RegistrySettings {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigException("registry.url must be an http(s) URL, e.g. http://127.0.0.1:8081, got: " + url);
        }
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "RegistrySettings[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
