package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.ids.InvalidIdentifierException;
import io.countersign.contracts.ids.Label;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.adapter.in.kafka.DeclaredLabels;
import io.countersign.ingest.adapter.out.KafkaPublisher;
import io.countersign.ingest.domain.InvalidRequestException;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT} and {@code DELETE /v1/datasets/{uri}/labels}: data stewards declare a dataset's labels
 * (the URI percent-encoded as one path segment). Writes {@code countersign.labels.declared}, keyed by
 * dataset URI: a PUT replaces the declared set, each label recorded as declared by the calling
 * steward (as is the record's {@code updatedBy}); a DELETE writes a tombstone, and who removed the
 * declaration is logged. {@link #checkUri} is the one check of a dataset key for every label writer.
 */
final class DatasetRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetRoutes.class);

    /** The body of a label declaration. */
    record LabelsRequest(@JsonProperty("labels") List<String> labels, @JsonProperty("owners") List<String> owners) {
    }

    private final KafkaPublisher publisher;
    private final DeclaredLabels declared;
    private final Clock clock;

    DatasetRoutes(KafkaPublisher publisher, DeclaredLabels declared, Clock clock) {
        this.publisher = publisher;
        this.declared = declared;
        this.clock = clock;
    }

    void put(Exchange x, String dataset, byte[] body) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.STEWARD);
        checkUri(dataset);
        LabelsRequest r = Json.read(body, LabelsRequest.class);
        if (r.labels() == null) {
            throw new InvalidRequestException("labels", "labels is required (an empty list declares the dataset unlabelled; DELETE removes the declaration)");
        }
        List<LabelEntry> entries = new ArrayList<>();
        for (String label : normalise(r.labels(), "labels")) {
            entries.add(LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DECLARED).setDeclaredBy(x.caller.subject().value()).build());
        }
        List<String> owners = new ArrayList<>();
        List<String> givenOwners = r.owners() == null ? List.of() : r.owners();
        for (int i = 0; i < givenOwners.size(); i++) {
            try {
                owners.add(Identity.of(givenOwners.get(i)).value());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("owners[" + i + "]", "owners must be identities such as user:alice@example.com");
            }
        }
        DatasetLabels labels = DatasetLabels.newBuilder().setDataset(dataset).setLabels(entries).setOwners(owners)
                .setUpdatedBy(x.caller.subject().value()).setUpdatedAt(clock.instant()).build();
        publisher.publish(Topics.LABELS_DECLARED, dataset, labels);
        declared.put(dataset, labels);
        LOG.info("Labels of a dataset declared by {}: {} labels", x.caller.subject().value(), entries.size());
        x.json(200, Map.of("dataset", dataset, "labels", entries.stream().map(LabelEntry::getLabel).toList(), "owners", owners));
    }

    void delete(Exchange x, String dataset) throws KafkaPublisher.UnavailableException {
        GatewayHandler.require(x, Role.STEWARD);
        if (declared.get(dataset).isEmpty()) {
            // A declaration that exists may be removed whatever its key: the topic can hold keys that are
            // not URIs (UPGRADING.md, "Labels from OpenLineage tags"), and a steward must be able to clear them.
            checkUri(dataset);
        }
        publisher.publish(Topics.LABELS_DECLARED, dataset, null);
        declared.put(dataset, null);
        LOG.info("Declared labels of a dataset removed by {}", x.caller.subject().value());
        x.json(200, Map.of("dataset", dataset, "removed", true));
    }

    /** The labels named (see {@link Label}: PII, PHI, SECRET or an organisation's own), each once, in the order given. */
    static Set<String> normalise(List<String> labels, String field) {
        if (labels.size() > Label.MAX_PER_DATASET) {
            throw new InvalidRequestException(field, "at most " + Label.MAX_PER_DATASET + " labels per dataset");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            try {
                out.add(Label.parse(labels.get(i)).value());
            } catch (InvalidIdentifierException e) {
                throw new InvalidRequestException(field + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** Refuses (400) a dataset key that is not an absolute URI: labels go only where this API can read and remove them. */
    static void checkUri(String dataset) {
        try {
            if (dataset.isBlank() || dataset.length() > 2_048 || new URI(dataset).getScheme() == null) {
                throw new InvalidRequestException("uri", "the dataset must be an absolute URI, percent-encoded as one path segment,"
                        + " e.g. /v1/datasets/pg%3A%2F%2Fcrm%2Fcustomers/labels");
            }
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("uri", "the dataset is not a valid URI (" + e.getReason() + ")");
        }
    }

    static Map<String, Object> summary(String dataset, DatasetLabels labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("labels", labels == null ? List.of() : labels.getLabels().stream().map(LabelEntry::getLabel).toList());
        if (labels != null) {
            List<Map<String, Object>> who = new ArrayList<>();
            for (LabelEntry l : labels.getLabels()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("label", l.getLabel());
                entry.put("declaredBy", l.getDeclaredBy());
                who.add(entry);
            }
            out.put("declared", who);
            out.put("owners", labels.getOwners());
            out.put("updatedBy", labels.getUpdatedBy());
            out.put("updatedAt", labels.getUpdatedAt().toString());
        }
        return out;
    }
}
