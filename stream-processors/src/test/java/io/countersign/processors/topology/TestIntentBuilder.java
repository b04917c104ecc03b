package io.countersign.processors.topology;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Named fixture builder for action intents in topology tests. */
final class TestIntentBuilder {

    private String id = "intent-1";
    private String action = "db.read";
    private List<String> targets = List.of("pg://web/pages");
    private Destination destination;
    private String env = "prod";
    private final Map<String, String> params = new HashMap<>();

    static TestIntentBuilder anIntent(String id) {
        TestIntentBuilder b = new TestIntentBuilder();
        b.id = id;
        return b;
    }

    TestIntentBuilder action(String a) {
        this.action = a;
        return this;
    }

    TestIntentBuilder targets(String... t) {
        this.targets = List.of(t);
        return this;
    }

    TestIntentBuilder external(String uri) {
        this.destination = Destination.newBuilder().setUri(uri).setExternal(true).build();
        return this;
    }

    /** A destination with what the agent claims about it; the pipeline decides for itself whether it is external. */
    TestIntentBuilder destination(String uri, boolean claimedExternal) {
        this.destination = Destination.newBuilder().setUri(uri).setExternal(claimedExternal).build();
        return this;
    }

    TestIntentBuilder env(String e) {
        this.env = e;
        return this;
    }

    TestIntentBuilder param(String k, String v) {
        params.put(k, v);
        return this;
    }

    ActionIntent build() {
        return ActionIntent.newBuilder()
                .setIntentId(id).setOccurredAt(Instant.parse("2026-11-22T12:00:00Z"))
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", "agent:planner", "agent:exporter"))
                .setAction(action).setTargets(targets).setDestination(destination)
                .setParameters(params).setReason("because the test says so").setEnvironment(env)
                .build();
    }
}
