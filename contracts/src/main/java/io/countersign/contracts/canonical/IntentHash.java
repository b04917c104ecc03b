package io.countersign.contracts.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.countersign.schema.ActionIntent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 fingerprint of what an intent asks to do, which approvers approve and agents must execute.
 *
 * <p>It is computed over a canonical JSON form (keys sorted, no white space, UTF-8) of the fields that
 * define the action — intent id, agent, principal, delegation chain, action, targets, destination,
 * parameters, environment — and not over Avro bytes, so any agent in any language can compute the same
 * hash from the same fields, and an Avro schema change never changes it. The stated reason and the
 * timestamps are left out: they do not change what runs.
 */
public final class IntentHash {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private IntentHash() {
    }

    /** Hex SHA-256 of the canonical form of {@code intent}. */
    public static String of(ActionIntent intent) {
        return sha256Hex(canonicalJson(intent));
    }

    /** The canonical JSON text that is hashed (exposed so other implementations can be checked against it). */
    public static String canonicalJson(ActionIntent intent) {
        Map<String, Object> form = new TreeMap<>();
        form.put("intentId", intent.getIntentId());
        form.put("agent", intent.getAgent().getId());
        form.put("principal", intent.getPrincipal());
        form.put("delegationChain", List.copyOf(intent.getDelegationChain()));
        form.put("action", intent.getAction());
        form.put("targets", List.copyOf(intent.getTargets()));
        if (intent.getDestination() != null) {
            Map<String, Object> destination = new LinkedHashMap<>();
            destination.put("external", intent.getDestination().getExternal());
            destination.put("uri", intent.getDestination().getUri());
            form.put("destination", destination);
        }
        form.put("parameters", new TreeMap<>(intent.getParameters()));
        form.put("environment", intent.getEnvironment());
        try {
            return CANONICAL.writeValueAsString(form);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render intent " + intent.getIntentId() + " canonically", e);
        }
    }

    /** Hex SHA-256 of a UTF-8 string. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
