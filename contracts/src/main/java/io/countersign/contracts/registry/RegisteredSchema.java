package io.countersign.contracts.registry;

import org.apache.avro.Schema;

/** A schema as the registry holds it: under which subject, with which global id and subject version. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
