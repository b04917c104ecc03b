package io.countersign.ingest.domain;

import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.ids.InvalidDatasetUriException;

/**
 * Where a dataset URI enters through the gateway (intent targets and destination, execution outputs,
 * the labels path): its canonical form ({@link DatasetUri}), so labels declared under one spelling
 * are found under every other; a URI that has none is the caller's mistake, a 400 naming the field.
 */
public final class DatasetUris {

    private DatasetUris() {
    }

    public static String canonical(String value, String field) {
        try {
            return DatasetUri.parse(value).value();
        } catch (InvalidDatasetUriException e) {
            throw new InvalidRequestException(field, field + ": " + e.getMessage());
        }
    }
}
