package io.countersign.processors.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A serde for a typed store value kept as text: the processors work with the record, the store (and its
 * changelog) keeps the UTF-8 text it always held, so state written by a running deployment stays
 * readable and no changelog format changes.
 */
final class TextSerde {

    private TextSerde() {
    }

    static <T> Serde<T> of(Function<T, String> format, Function<String, T> parse) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : format.apply(value).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : parse.apply(new String(bytes, StandardCharsets.UTF_8)));
    }
}
