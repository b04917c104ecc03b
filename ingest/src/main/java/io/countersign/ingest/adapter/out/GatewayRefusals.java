package io.countersign.ingest.adapter.out;

import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.application.port.out.IntentRefusals;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.PrincipalRefusal;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.IntentRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Records the intents the gateway refuses for who they claim to act for (a principal the key may not name, a
 * delegation token that proves nothing) on {@code countersign.intents.refused}, key the intent id, which the
 * decision pipeline audits as {@code REFUSED_AT_GATEWAY} events in the hash-chained log. The gateway writes
 * nothing else for them: a refused intent never reaches {@code countersign.intents}.
 *
 * <p>A record holds who asked (agent, owner, API key id), for whom (the claimed principal), what (action,
 * targets, environment) and why (the error code and the gateway's reason); not the intent's parameters,
 * reason, framework or model, which are the agent's raw text (the pipeline masks those before anything
 * else may read them), and never a token.
 */
public final class GatewayRefusals implements IntentRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRefusals.class);

    private final KafkaPublisher publisher;
    private final Clock clock;

    public GatewayRefusals(KafkaPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Writes the refusal and waits for Kafka's acknowledgement, so that the 403 follows a recorded refusal; one
     * Kafka cannot take now is logged instead.
     */
    @Override
    public void refused(Credential caller, ActionIntent intent, PrincipalRefusal refusal) {
        IntentRefusal record = record(caller, intent, refusal, clock.instant());
        try {
            publisher.publish(Topics.INTENTS_REFUSED, record.getIntentId(), record);
            LOG.warn("Refused intent {} ({}): agent {}, API key {}, principal {}", record.getIntentId(), record.getError(),
                    record.getAgent().getId(), record.getKeyId(), record.getPrincipal());
        } catch (KafkaPublisher.UnavailableException e) {
            LOG.error("Refused intent {} ({}): agent {}, API key {}, principal {}; the refusal could not be written to {}: {}",
                    record.getIntentId(), record.getError(), record.getAgent().getId(), record.getKeyId(), record.getPrincipal(),
                    Topics.INTENTS_REFUSED.name(), e.getMessage());
        }
    }

    /** The record of {@code caller}'s {@code intent} refused at {@code at}: who, for whom, what and why, nothing the agent wrote freely. */
    static IntentRefusal record(Credential caller, ActionIntent intent, PrincipalRefusal refusal, Instant at) {
        return IntentRefusal.newBuilder()
                .setIntentId(intent.getIntentId())
                .setRefusedAt(at)
                .setAgent(AgentRef.newBuilder().setId(caller.subject().value()).setOwner(caller.owner().value()).build())
                .setKeyId(caller.keyId())
                .setPrincipal(intent.getPrincipal())
                .setAction(intent.getAction())
                .setTargets(intent.getTargets())
                .setEnvironment(intent.getEnvironment())
                .setError(refusal.kind().error())
                .setReason(refusal.reason())
                .build();
    }
}
