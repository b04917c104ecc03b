package io.countersign.processors.domain.gate;

import io.countersign.contracts.signing.ChannelKeys;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.signing.DelegationSignature;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.processors.domain.classification.Classifier;
import io.countersign.processors.domain.policy.Policy;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DelegationProof;
import io.countersign.schema.IntentSummary;
import io.countersign.schema.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delegation proof counts (principal.proven in policy, in the audit) only when the gateway's signature verifies;
 * intent.principalProven, the earlier spelling, means the same.
 */
class DelegationGateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private Policy policy = policy("!principal.proven || principal.issuer != 'https://idp.example.com'");

    private static Policy policy(String unproven) {
        return PolicyLoader.parse("""
                defaultEffect: allow
                rules:
                  - id: unproven-export
                    description: Exports only for a principal the identity provider proved
                    condition: "intent.action == 'db.export' && (%s)"
                    effect: deny
                """.formatted(unproven), "delegation-test.yaml");
    }
    private final Classifier classifier = new Classifier(d -> null, d -> null, List.of("UNCLASSIFIED"));
    private final KeyPair gateway = Ed25519Keys.generate();
    private final String gatewayKeyId = ChannelKeys.keyId("api", gateway.getPublic());
    private final ChannelKeys trusted = new ChannelKeys(List.of(new ChannelKeys.ChannelKey(gatewayKeyId, "api", gateway.getPublic())));

    private static ActionIntent intent() {
        return ActionIntent.newBuilder().setIntentId("i-1").setOccurredAt(NOW)
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).build();
    }

    private static ActionIntent signedWith(KeyPair pair, String keyId) {
        ActionIntent intent = intent();
        DelegationProof proof = DelegationProof.newBuilder().setIssuer("https://idp.example.com").setSubject("00u1abc").setActor("agent:exporter")
                .setExpiresAt(NOW.plusSeconds(600)).setVerifiedAt(NOW).setSigningKeyId(keyId).setSignature(ByteBuffer.allocate(0)).build();
        return ActionIntent.newBuilder(intent)
                .setDelegation(DelegationSignature.sign(new DecisionSignature.Signer(keyId, pair.getPrivate()), intent, proof)).build();
    }

    private GateDecision.Decided decide(ActionIntent submitted) {
        ActionIntent checked = Gate.verifiedDelegation(Gate.validate(submitted), trusted);
        return (GateDecision.Decided) Gate.decide(new Gate.Input(checked, "hash", NOW, NOW), classifier, policy);
    }

    @Test
    void aProofTheGatewaySignedMakesThePrincipalProvenForPolicyAndTheAudit() {
        GateDecision.Decided d = decide(signedWith(gateway, gatewayKeyId));

        assertThat(d.verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        IntentSummary received = (IntentSummary) d.audit().get(0).getEvent();
        assertThat(received.getDelegation().getActor()).isEqualTo("agent:exporter");
        assertThat(received.getDelegation().getSubject()).isEqualTo("00u1abc");
    }

    @Test
    void aProofNobodyTrustedSignedOrNoProofLeavesThePrincipalUnproven() {
        KeyPair forger = Ed25519Keys.generate();
        GateDecision.Decided forged = decide(signedWith(forger, gatewayKeyId));
        assertThat(forged.verdict().getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(forged.verdict().getMatchedRules().get(0).getId()).isEqualTo("unproven-export");
        assertThat(((IntentSummary) forged.audit().get(0).getEvent()).getDelegation()).as("not recorded as proven").isNull();

        assertThat(decide(intent()).verdict().getOutcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void intentPrincipalProvenIsTheSameFact() {
        policy = policy("!intent.principalProven");

        assertThat(decide(signedWith(gateway, gatewayKeyId)).verdict().getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(decide(intent()).verdict().getOutcome()).isEqualTo(Outcome.DENIED);
    }
}
