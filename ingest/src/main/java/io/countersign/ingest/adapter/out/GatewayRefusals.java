package io.countersign.ingest.adapter.out;

import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.domain.Credential;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Records the intents the gateway refuses for who they claim to act for (a principal the key may not name, a
 * delegation token that proves nothing), on {@code countersign.dead-letters}
 * (the gateway has no other audited path: a refused intent never reaches {@code countersign.intents}, so
 * the pipeline's audit chain never sees it). Each record has source topic {@code countersign.intents},
 * partition and offset -1 (it was never written), stage {@code http}, application {@code countersign-ingest},
 * the intent id as key, and a reason naming the key id, the agent, its owner and the principal it
 * claimed; not the intent itself, whose parameters are the agent's raw text (the pipeline masks them
 * first, and dead letters of raw agent topics keep no value either).
 */
public final class GatewayRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRefusals.class);
    static final String APPLICATION = "countersign-ingest";

    private final KafkaPublisher publisher;
    private final Clock clock;

    public GatewayRefusals(KafkaPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Records that {@code caller}'s intent was refused for {@code why} (which says what about the principal or
     * the delegation failed). A refusal Kafka cannot take now is logged instead (the intent is refused either
     * way: an agent must not get through because the record failed).
     */
    public void refused(Credential caller, ActionIntent intent, String why) {
        String reason = why + " (principal " + intent.getPrincipal() + ", API key " + caller.keyId() + ", agent "
                + caller.subject().value() + ", owner " + caller.owner().value() + "); intent " + intent.getIntentId() + " refused with 403";
        DeadLetter letter = DeadLetter.newBuilder().setSourceTopic(Topics.INTENTS.name()).setSourcePartition(-1).setSourceOffset(-1)
                .setStage("http").setApplication(APPLICATION).setReason(reason).setExceptionClass(null)
                .setKey(ByteBuffer.wrap(intent.getIntentId().getBytes(StandardCharsets.UTF_8))).setValue(null)
                .setFailedAt(clock.instant()).build();
        try {
            publisher.deadLetter(intent.getIntentId(), letter);
            LOG.warn("Refused intent {}: {}", intent.getIntentId(), reason);
        } catch (KafkaPublisher.UnavailableException e) {
            LOG.error("Refused intent {} ({}), but the refusal could not be written to {}: {}", intent.getIntentId(), reason,
                    Topics.DEAD_LETTERS.name(), e.getMessage());
        }
    }
}
