package io.countersign.ingest.domain.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.schema.ColumnLineage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an output dataset's {@code columnLineage} facet (ColumnLineageDatasetFacet): for each output
 * field, the input fields it derives from and how (type DIRECT/INDIRECT, subtype such as IDENTITY,
 * TRANSFORMATION, AGGREGATION, JOIN, and whether it masks). Grouped by input dataset URI, because each
 * input → output pair becomes one edge. Also decides an edge's transformation, conservatively: labels
 * stop at MASKED and AGGREGATION edges, so one unmasked column makes the whole edge a carrier.
 */
final class ColumnLineageReader {

    static final int MAX_COLUMNS = 10_000;

    private ColumnLineageReader() {
    }

    /** Input dataset URI → the column lineage from it into this output. */
    static Map<String, List<ColumnLineage>> read(JsonNode facets, String path) {
        Map<String, List<ColumnLineage>> byInput = new LinkedHashMap<>();
        JsonNode facet = facets == null ? null : EventReader.object(facets, "columnLineage", path + ".columnLineage", false);
        JsonNode fields = facet == null ? null : EventReader.object(facet, "fields", path + ".columnLineage.fields", false);
        if (fields == null) {
            return byInput;
        }
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String fieldPath = path + ".columnLineage.fields." + f.getKey();
            if (!f.getValue().isObject()) {
                throw new InvalidEventException(fieldPath, "must be a JSON object with inputFields");
            }
            // Before inputFields[].transformations existed, the whole output field carried one type.
            String legacyType = EventReader.text(f.getValue(), "transformationType", fieldPath + ".transformationType", false);
            JsonNode inputs = EventReader.array(f.getValue(), "inputFields", fieldPath + ".inputFields", MAX_COLUMNS);
            if (inputs == null) {
                continue;
            }
            for (int i = 0; i < inputs.size(); i++) {
                String p = fieldPath + ".inputFields[" + i + "]";
                JsonNode in = inputs.get(i);
                if (!in.isObject()) {
                    throw new InvalidEventException(p, "must be a JSON object");
                }
                String dataset = RunEventMapper.datasetUri(EventReader.text(in, "namespace", p + ".namespace", true),
                        EventReader.text(in, "name", p + ".name", true), p);
                String inputField = EventReader.text(in, "field", p + ".field", true);
                JsonNode transformations = EventReader.array(in, "transformations", p + ".transformations", 100);
                List<ColumnLineage> entries = byInput.computeIfAbsent(dataset, d -> new ArrayList<>());
                if (transformations == null || transformations.isEmpty()) {
                    entries.add(column(f.getKey(), dataset, inputField, null, legacyType, "MASKED".equalsIgnoreCase(legacyType)));
                    count++;
                } else {
                    for (int t = 0; t < transformations.size(); t++) {
                        JsonNode tr = transformations.get(t);
                        String tp = p + ".transformations[" + t + "]";
                        if (!tr.isObject()) {
                            throw new InvalidEventException(tp, "must be a JSON object");
                        }
                        JsonNode masking = tr.get("masking");
                        if (masking != null && !masking.isNull() && !masking.isBoolean()) {
                            throw new InvalidEventException(tp + ".masking", "must be true or false");
                        }
                        entries.add(column(f.getKey(), dataset, inputField, EventReader.text(tr, "type", tp + ".type", true),
                                EventReader.text(tr, "subtype", tp + ".subtype", false), masking != null && masking.asBoolean()));
                        count++;
                    }
                }
                if (count > MAX_COLUMNS) {
                    throw new InvalidEventException(path + ".columnLineage", "has more than " + MAX_COLUMNS + " column entries");
                }
            }
        }
        return byInput;
    }

    private static ColumnLineage column(String output, String dataset, String input, String type, String subtype, boolean masking) {
        return ColumnLineage.newBuilder().setOutputField(output).setInputDataset(dataset).setInputField(input)
                .setTransformationType(type).setTransformationSubtype(subtype).setMasking(masking).build();
    }

    /** IDENTITY, TRANSFORMATION, MASKED, AGGREGATION or UNKNOWN for the edge these columns make. */
    static String edgeTransformation(List<ColumnLineage> columns) {
        if (columns.isEmpty()) {
            return "UNKNOWN";
        }
        if (columns.stream().allMatch(ColumnLineage::getMasking)) {
            return "MASKED";
        }
        if (columns.stream().allMatch(c -> "AGGREGATION".equalsIgnoreCase(c.getTransformationSubtype()))) {
            return "AGGREGATION";
        }
        if (columns.stream().allMatch(c -> "IDENTITY".equalsIgnoreCase(c.getTransformationSubtype()))) {
            return "IDENTITY";
        }
        return "TRANSFORMATION";
    }
}
