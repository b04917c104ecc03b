package io.countersign.processors.topology;

import io.countersign.contracts.canonical.IntentHash;
import io.countersign.processors.domain.policy.PolicyLoader;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.MatchedRule;
import io.countersign.schema.Outcome;
import io.countersign.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.countersign.processors.topology.TestIntentBuilder.anIntent;
import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline decides whether a destination is external itself, whatever an intent on Kafka claims. */
class DerivedFactsTopologyTest {

    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
        h.label("pg://crm/customers", "PII");
        h.label("vault://prod/keys", "SECRET");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void useInternalDestinations() {
        h.policy.set(PolicyLoader.parse("internalDestinations: [s3://acme-*/**]\n" + TopologyHarness.POLICY, "internal.yaml"));
    }

    @Test
    void piiToAnotherAccountsBucketClaimedInternalGoesToReview() {
        ActionIntent intent = anIntent("i-lie").action("db.export").targets("pg://crm/customers")
                .destination("s3://other-account/x", false).build();
        h.submit(intent);

        assertThat(h.verdicts.isEmpty()).as("no verdict: the export waits for review").isTrue();
        ApprovalRequest r = h.requests.readValue();
        assertThat(r.getMatchedRules()).extracting(MatchedRule::getId).containsExactly("pii-external-export");
        // Approvers see what the pipeline found, not what the agent claimed; the hash is of the intent as sent.
        assertThat(r.getIntent().getDestination().getExternal()).isTrue();
        assertThat(r.getIntentHash()).isEqualTo(IntentHash.of(intent));
    }

    @Test
    void secretToABucketClaimedInternalIsDenied() {
        useInternalDestinations();
        h.submit(anIntent("i-secret").action("db.export").targets("vault://prod/keys").destination("s3://other-account/x", false).build());

        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.getMatchedRules()).extracting(MatchedRule::getId).containsExactly("secret-external");
    }

    @Test
    void anOwnBucketIsInternalEvenWhenTheAgentSaysExternal() {
        useInternalDestinations();
        h.submit(anIntent("i-own").action("db.export").targets("pg://crm/customers").destination("s3://acme-lake/q3.csv", true).build());

        Verdict v = h.verdicts.readValue();
        assertThat(v.getOutcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.getMatchedRules()).isEmpty();
        assertThat(h.requests.isEmpty()).isTrue();
    }
}
