package io.countersign.embedded;

/** Where the embedded stack's services listen. */
public record Endpoints(String kafkaBootstrap, String registryUrl, String openSearchUrl) {
}
