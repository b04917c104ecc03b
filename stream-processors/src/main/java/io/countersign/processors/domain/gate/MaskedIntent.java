package io.countersign.processors.domain.gate;

import io.countersign.masking.Masker;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.Destination;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.IntentRefusal;
import io.countersign.schema.IntentSummary;

import java.util.List;

/**
 * The masked forms of what an agent wrote, built before the gate writes anything: only these leave the
 * decision pipeline (approval requests and their changelogs, the audit, verdicts, the index, chat).
 * The raw intent stays on {@code countersign.intents}, where the gate needs it to hash and evaluate.
 *
 * <p>Identifiers that approval rules and the index match on (principal, delegation chain, action,
 * environment, intent id) are kept as they are. Free text (parameters, the reason, the agent's framework
 * and model, an execution's detail) is masked by name and by value; URIs
 * (targets, destination, output datasets) only of credentials, so that they still name the dataset.
 */
public final class MaskedIntent {

    private MaskedIntent() {
    }

    public static IntentSummary summary(ActionIntent intent, Masker masker) {
        Destination destination = intent.getDestination();
        return IntentSummary.newBuilder()
                .setIntentId(intent.getIntentId()).setOccurredAt(intent.getOccurredAt()).setAgent(agent(intent.getAgent()))
                .setPrincipal(intent.getPrincipal()).setDelegationChain(intent.getDelegationChain())
                .setAction(intent.getAction()).setTargets(uris(intent.getTargets()))
                .setDestination(destination == null ? null
                        : Destination.newBuilder(destination).setUri(Masker.maskCredentials(destination.getUri())).build())
                .setMaskedParameters(masker.mask(intent.getParameters()))
                .setReason(Masker.maskText(intent.getReason()))
                .setEnvironment(intent.getEnvironment())
                .setDelegation(intent.getDelegation())
                .build();
    }

    /** The agent's framework and model are free text it names itself; its id and owner come from its credential. */
    private static AgentRef agent(AgentRef agent) {
        return AgentRef.newBuilder(agent).setFramework(Masker.maskText(agent.getFramework()))
                .setModel(Masker.maskText(agent.getModel())).build();
    }

    /** Classified targets as they may be written: a credential inside a dataset URI is masked. */
    public static List<DatasetClassification> datasets(List<DatasetClassification> datasets) {
        return datasets.stream().map(d -> {
            String masked = Masker.maskCredentials(d.getDataset());
            return masked.equals(d.getDataset()) ? d : DatasetClassification.newBuilder(d).setDataset(masked).build();
        }).toList();
    }

    /** Risk reasons name datasets: masked like them. */
    public static List<String> reasons(List<String> reasons) {
        return uris(reasons);
    }

    /** An execution report as the audit keeps it: its detail masked, its output URIs of credentials. */
    public static ExecutionReport execution(ExecutionReport report) {
        return ExecutionReport.newBuilder(report).setDetail(Masker.maskText(report.getDetail()))
                .setOutputDatasets(uris(report.getOutputDatasets())).build();
    }

    /**
     * An intent the gateway refused as the audit keeps it: its reason masked (the gateway's words, which may
     * name what a token lacked), its target URIs of credentials, and the agent's framework and model masked
     * should a writer other than the gateway have sent them.
     */
    public static IntentRefusal refusal(IntentRefusal refusal) {
        return IntentRefusal.newBuilder(refusal).setAgent(agent(refusal.getAgent())).setTargets(uris(refusal.getTargets()))
                .setReason(Masker.maskText(refusal.getReason())).build();
    }

    private static List<String> uris(List<String> uris) {
        return uris.stream().map(Masker::maskCredentials).toList();
    }
}
