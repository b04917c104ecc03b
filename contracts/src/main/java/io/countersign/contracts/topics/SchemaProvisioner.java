package io.countersign.contracts.topics;

import io.countersign.contracts.registry.RegisteredSchema;
import io.countersign.contracts.registry.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Registers the catalogue's value schemas in the Schema Registry, and checks local schemas against what
 * is registered. Registering up front (rather than on first produce) means a schema change that the
 * registry refuses fails at deployment, not in the middle of the pipeline.
 */
public final class SchemaProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaProvisioner.class);

    private final SchemaRegistryClient registry;

    public SchemaProvisioner(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** How a local schema relates to the registry. */
    public enum Status {
        /** The registry already holds exactly this schema. */
        REGISTERED,
        /** The subject has no versions yet. */
        NEW,
        /** A different but compatible schema is registered; registering this one would add a version. */
        COMPATIBLE,
        /** The registry would refuse this schema under the subject's compatibility level. */
        INCOMPATIBLE
    }

    /** One topic's schema check. */
    public record Check(String subject, Status status, Integer registeredVersion) {
    }

    /** Registers every value schema; returns subject and id in catalogue order. */
    public List<RegisteredSchema> registerAll(Collection<Topic<?, ?>> topics) {
        List<RegisteredSchema> out = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            int id = registry.register(t.valueSubject(), t.valueSchema());
            RegisteredSchema r = registry.lookup(t.valueSubject(), t.valueSchema())
                    .orElseThrow(() -> new IllegalStateException("Registry accepted " + t.valueSubject() + " but cannot find it"));
            LOG.info("Schema {} registered as id {} version {}", t.valueSubject(), id, r.version());
            out.add(r);
        }
        return out;
    }

    /** Compares each local value schema with the registry without changing anything. */
    public List<Check> check(Collection<Topic<?, ?>> topics) {
        List<Check> out = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            Optional<RegisteredSchema> same = registry.lookup(t.valueSubject(), t.valueSchema());
            if (same.isPresent()) {
                out.add(new Check(t.valueSubject(), Status.REGISTERED, same.get().version()));
                continue;
            }
            Optional<RegisteredSchema> latest = registry.latest(t.valueSubject());
            if (latest.isEmpty()) {
                out.add(new Check(t.valueSubject(), Status.NEW, null));
            } else {
                boolean ok = registry.isCompatible(t.valueSubject(), t.valueSchema());
                out.add(new Check(t.valueSubject(), ok ? Status.COMPATIBLE : Status.INCOMPATIBLE, latest.get().version()));
            }
        }
        return out;
    }
}
