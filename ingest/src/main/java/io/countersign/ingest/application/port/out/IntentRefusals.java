package io.countersign.ingest.application.port.out;

import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.PrincipalRefusal;
import io.countersign.schema.ActionIntent;

/**
 * Where the gateway records the intents it refuses for whom they claim to act for, so that the refusal reaches
 * the audit log although the intent never reaches {@code countersign.intents}.
 */
public interface IntentRefusals {

    /**
     * Records that {@code caller}'s {@code intent} was refused for {@code refusal}. Never throws for a record it
     * cannot write: the intent is refused either way, since an agent must not get through because the record
     * failed.
     */
    void refused(Credential caller, ActionIntent intent, PrincipalRefusal refusal);
}
