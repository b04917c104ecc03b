package io.countersign.processors.adapter.in.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.processors.domain.policy.replay.PastDecision;
import io.countersign.processors.domain.policy.RecordedDelegation;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.Destination;
import io.countersign.schema.Effect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The policy decisions of a period as the OpenSearch audit index ({@code countersign-audit}, one document per
 * intent, written by lineage-index from {@code countersign.audit}) holds them: the same facts {@link AuditHistory}
 * reads from the topic (the intent with its masked parameters, each target's labels when it was classified, the
 * effect, the matching rules and the policy version), from documents the caller scans (e.g. with
 * {@code io.countersign.search.AuditIndexScan}), so this class needs no OpenSearch client. Documents without a
 * classification or an intent are skipped. Reads only.
 */
public final class AuditIndexHistory {

    private AuditIndexHistory() {
    }

    /** The past decisions of {@code documents} (audit index {@code _source}s) whose intent passes {@code filter}. */
    public static Iterator<PastDecision> read(Iterator<JsonNode> documents, Predicate<ActionIntent> filter) {
        return new Iterator<>() {
            private PastDecision next;

            @Override
            public boolean hasNext() {
                while (next == null && documents.hasNext()) {
                    next = decision(documents.next(), filter);
                }
                return next != null;
            }

            @Override
            public PastDecision next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PastDecision out = next;
                next = null;
                return out;
            }
        };
    }

    /** One document as a past decision, or null when it lacks the intent or its classification, or fails the filter. */
    static PastDecision decision(JsonNode doc, Predicate<ActionIntent> filter) {
        if (!doc.path("effect").isTextual() || !doc.path("receivedAt").isTextual() || !doc.path("agent").isTextual()
                || !doc.path("action").isTextual()) {
            return null;
        }
        ActionIntent intent = intent(doc);
        if (!filter.test(intent)) {
            return null;
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (JsonNode d : doc.path("datasets")) {
            labels.put(d.path("dataset").asText(), strings(d.path("labels")));
        }
        return new PastDecision(intent.getIntentId(), intent.getOccurredAt(), intent, labels, Effect.valueOf(doc.path("effect").asText()),
                strings(doc.path("rules")), text(doc.path("policyVersion")));
    }

    /** The intent as the policy sees it; {@code maskedParameters} are indexed as {@code key=value} (the key is up to the first '='). */
    private static ActionIntent intent(JsonNode d) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (JsonNode p : d.path("maskedParameters")) {
            String kv = p.asText();
            int eq = kv.indexOf('=');
            parameters.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        String destination = text(d.path("destination"));
        return ActionIntent.newBuilder().setIntentId(d.path("intentId").asText())
                .setOccurredAt(Instant.parse(d.path("receivedAt").asText()))
                .setAgent(AgentRef.newBuilder().setId(d.path("agent").asText()).setFramework(text(d.path("framework")))
                        .setOwner(text(d.path("agentOwner"))).build())
                .setPrincipal(d.path("principal").asText("")).setDelegationChain(strings(d.path("delegationChain")))
                .setAction(d.path("action").asText()).setTargets(strings(d.path("targets")))
                .setDestination(destination == null ? null : Destination.newBuilder().setUri(destination)
                        .setExternal(d.path("external").asBoolean(false)).build())
                .setParameters(parameters).setReason(text(d.path("reason"))).setEnvironment(d.path("environment").asText(""))
                .setDelegation(d.path("principalProven").asBoolean(false)
                        ? RecordedDelegation.of(d.path("principalIssuer").asText(""), d.path("principal").asText(""),
                        d.path("principalActor").asText(""), Instant.parse(d.path("receivedAt").asText()))
                        : null)
                .build();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
