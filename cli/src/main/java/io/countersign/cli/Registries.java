package io.countersign.cli;

import io.countersign.config.RegistrySettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;

/** Builds the registry client from configuration. */
final class Registries {

    private Registries() {
    }

    static SchemaRegistryClient client(RegistrySettings settings) {
        return new HttpSchemaRegistryClient(settings.url(), settings.username(), settings.password());
    }
}
