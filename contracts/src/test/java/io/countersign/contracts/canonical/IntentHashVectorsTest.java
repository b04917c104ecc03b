package io.countersign.contracts.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared intent-hash vectors ({@code intent-hash-vectors.json}, also read by the TypeScript and Python
 * SDK tests) hold for the real {@link IntentHash}: same canonical text, same SHA-256. An SDK that passes
 * them computes the hash exactly as the gateway does.
 */
class IntentHashVectorsTest {

    @Test
    void everyVectorMatchesTheGatewaysCanonicalFormAndHash() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/intent-hash-vectors.json")) {
            vectors = new ObjectMapper().readTree(in).path("vectors");
        }
        assertThat(vectors.size()).as("vectors in the file").isGreaterThanOrEqualTo(7);
        for (JsonNode v : vectors) {
            ActionIntent intent = intent(v.path("intent"));
            assertThat(IntentHash.canonicalJson(intent)).as(v.path("name").asText()).isEqualTo(v.path("canonicalJson").asText());
            assertThat(IntentHash.of(intent)).as(v.path("name").asText()).isEqualTo(v.path("sha256").asText());
        }
    }

    /** The intent as the gateway would store it; reason, timestamps and model are not hashed, so vary them. */
    private static ActionIntent intent(JsonNode i) {
        Map<String, String> parameters = new LinkedHashMap<>();
        i.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        JsonNode d = i.path("destination");
        return ActionIntent.newBuilder()
                .setIntentId(i.path("intentId").asText())
                .setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId(i.path("agent").asText()).setModel("any-model").build())
                .setPrincipal(i.path("principal").asText())
                .setDelegationChain(strings(i.path("delegationChain")))
                .setAction(i.path("action").asText())
                .setTargets(strings(i.path("targets")))
                .setDestination(d.isObject() ? Destination.newBuilder().setUri(d.path("uri").asText())
                        .setExternal(d.path("external").asBoolean()).build() : null)
                .setParameters(parameters)
                .setReason("reasons are not hashed")
                .setEnvironment(i.path("environment").asText())
                .build();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
