package io.countersign.ingest.adapter.in.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.countersign.ingest.domain.InvalidRequestException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Strict JSON for request bodies: UTF-8 only, no duplicate keys, no trailing content, no unknown fields
 * (the error names them and lists the known ones), no silent coercion of numbers into strings or of
 * scalars into lists. Parse errors become {@link InvalidRequestException}s that name the JSON path and
 * never echo the body.
 *
 * <p>Hostile shapes are refused as 400 by the parser itself, before any of it is bound: nesting deeper
 * than {@value #MAX_DEPTH} levels (OpenLineage events, the deepest bodies here, nest about ten), numbers
 * longer than {@value #MAX_NUMBER_DIGITS} characters (parsing a number is quadratic in its length), and
 * strings or field names beyond what a body of the size limit could legitimately hold.
 */
final class Json {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_DIGITS = 100;
    static final int MAX_STRING_CHARS = 1 << 20;
    static final int MAX_NAME_CHARS = 1_024;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_DIGITS).maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_NAME_CHARS).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final ObjectMapper OUT = new ObjectMapper();

    static {
        STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private Json() {
    }

    static <T> T read(byte[] body, Class<T> type) {
        String text = utf8(body);
        try {
            T value = STRICT.readValue(text, type);
            if (value == null) {
                throw new InvalidRequestException(null, "the body must be a JSON object, not null");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw beyondLimits(e);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ", "; known fields are ", ""));
            String hint = "agent".equals(e.getPropertyName()) ? " (the agent is taken from your API key and cannot be set)" : "";
            throw new InvalidRequestException(path(e), "unknown field '" + e.getPropertyName() + "'" + hint + known);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamConstraintsException limit) {
                throw beyondLimits(limit);
            }
            throw new InvalidRequestException(path(e), "wrong type or value at " + (path(e) == null ? "the top level" : path(e))
                    + ": " + e.getOriginalMessage().replaceAll("\\(.*", "").strip());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidRequestException(null, "malformed JSON" + where + ": " + e.getOriginalMessage().replaceAll("['\"].*", "").strip());
        }
    }

    /** Jackson's constraint exceptions carry no location; their message names only the limit and the sizes. */
    private static InvalidRequestException beyondLimits(StreamConstraintsException e) {
        return new InvalidRequestException(null, "the JSON exceeds the gateway's limits (nesting at most " + MAX_DEPTH
                + " levels, numbers at most " + MAX_NUMBER_DIGITS + " characters, field names at most " + MAX_NAME_CHARS + " characters): "
                + e.getOriginalMessage().replaceAll(", from `[^`]*`", "").strip());
    }

    static JsonNode tree(byte[] body) {
        return read(body, JsonNode.class);
    }

    static byte[] write(Object value) {
        try {
            return OUT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write response JSON", e);
        }
    }

    /** Decodes strictly: malformed UTF-8 is an error, not replacement characters. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(null, "the body is not valid UTF-8; send JSON encoded as UTF-8");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder p = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                p.append(p.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                p.append('[').append(r.getIndex()).append(']');
            }
        }
        return p.length() == 0 ? null : p.toString();
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")
                && !contentType.toLowerCase(Locale.ROOT).matches(".*charset=(?!\"?utf-8).*");
    }
}
