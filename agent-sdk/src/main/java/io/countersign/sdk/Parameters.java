package io.countersign.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates and deep-copies intent parameter values so that an {@link Intent} is truly immutable and
 * always serialisable to JSON. Error messages name the parameter key and type, never the value,
 * because values may be sensitive.
 */
final class Parameters {
    private Parameters() {
    }

    static Object freeze(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof Collection) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (Collection<?>) value) {
                copy.add(freeze(key, item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("parameter '" + key
                            + "' contains a map with a non-String key; JSON objects need String keys");
                }
                copy.put((String) e.getKey(), freeze(key, e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException("parameter '" + key + "' has unsupported type "
                + value.getClass().getName() + "; use String, Number, Boolean, an enum, a List or a Map"
                + " (parameters are sent as JSON)");
    }
}
