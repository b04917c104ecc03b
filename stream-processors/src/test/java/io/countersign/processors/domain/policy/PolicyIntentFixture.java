package io.countersign.processors.domain.policy;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named fixture builder for intents in policy tests: only what a rule looks at needs setting. */
final class PolicyIntentFixture {

    private String action = "db.read";
    private List<String> targets = List.of("pg://crm/customers");
    private Destination destination;
    private String env = "prod";
    private String framework;
    private Map<String, String> parameters = Map.of();

    static PolicyIntentFixture anIntent() {
        return new PolicyIntentFixture();
    }

    PolicyIntentFixture action(String a) {
        action = a;
        return this;
    }

    PolicyIntentFixture targets(String... t) {
        targets = List.of(t);
        return this;
    }

    PolicyIntentFixture external(String uri) {
        destination = Destination.newBuilder().setUri(uri).setExternal(true).build();
        return this;
    }

    /** A destination with what the agent claims about it; policy decides for itself whether it is external. */
    PolicyIntentFixture destination(String uri, boolean claimedExternal) {
        destination = Destination.newBuilder().setUri(uri).setExternal(claimedExternal).build();
        return this;
    }

    PolicyIntentFixture env(String e) {
        env = e;
        return this;
    }

    PolicyIntentFixture framework(String f) {
        framework = f;
        return this;
    }

    PolicyIntentFixture parameters(Map<String, String> p) {
        parameters = p;
        return this;
    }

    ActionIntent build() {
        return ActionIntent.newBuilder().setIntentId("policy-fixture").setOccurredAt(Instant.EPOCH)
                .setAgent(AgentRef.newBuilder().setId("agent:fixture").setFramework(framework).build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:fixture"))
                .setAction(action).setTargets(targets).setDestination(destination).setParameters(parameters)
                .setEnvironment(env).build();
    }
}
