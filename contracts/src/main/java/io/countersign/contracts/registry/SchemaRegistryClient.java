package io.countersign.contracts.registry;

import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * The part of the Confluent Schema Registry API Countersign uses. {@link HttpSchemaRegistryClient}
 * speaks it to any compatible registry; {@link InMemorySchemaRegistryClient} keeps it in memory for
 * unit tests.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The registration of exactly this schema under the subject, if any. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The schema with this global id; throws {@link SchemaRegistryException} (40403) when unknown. */
    Schema getById(int id);

    /** The subject's latest version, if the subject exists. */
    Optional<RegisteredSchema> latest(String subject);

    /** Whether the registry would accept {@code schema} as the subject's next version. */
    boolean isCompatible(String subject, Schema schema);

    /** The compatibility level of the subject ({@code null}: the global level). */
    String compatibility(String subjectOrNull);

    /** Sets the compatibility level of the subject ({@code null}: the global level). */
    void setCompatibility(String subjectOrNull, String level);

    /** All subjects. */
    List<String> subjects();

    /**
     * The global id this client has already seen for exactly {@code schema} under any subject, without
     * asking the registry: the same schema has the same id under every subject, so a writer can go on
     * while the registry is unreachable.
     */
    default Optional<Integer> knownId(Schema schema) {
        return Optional.empty();
    }
}
