package io.countersign.processors.domain.classification;

import io.countersign.contracts.ids.DatasetUri;
import io.countersign.contracts.ids.InvalidDatasetUriException;
import io.countersign.contracts.ids.Label;
import io.countersign.processors.domain.policy.PolicyDecision;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Effect;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.MatchedRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Works out the effective labels of each dataset an intent targets: the labels stewards declared on it,
 * united with the labels it inherits through lineage (a dataset derived from PII is PII too), each with
 * its provenance. A dataset nobody labelled gets the configured default labels (UNCLASSIFIED unless
 * configured otherwise), so an unknown dataset is never silently treated as public.
 *
 * <p>Labels are keyed by canonical dataset URI ({@link DatasetUri}), so each target is looked up by its
 * canonical form: {@code PG://CRM/customers/} finds the labels of {@code pg://crm/customers}. Intents
 * written straight to Kafka may carry a target that has no canonical form (a control character, a
 * look-alike host, user info): it is classified under its raw spelling with the unknown-dataset labels
 * added, marked not known, and reported in {@link Classification#unreadableTargets()}, for which the
 * gate denies the intent whatever the policy says — it cannot know which dataset the agent means.
 */
public final class Classifier {

    private final Function<String, DatasetLabels> declared;
    private final Function<String, DatasetLabels> inherited;
    private final List<String> unknownDefaults;
    private final RiskScorer risk = new RiskScorer();

    /**
     * @param declared        dataset URI to declared labels (null when none)
     * @param inherited       dataset URI to inherited labels (null when none)
     * @param unknownDefaults labels given to datasets with neither; each must be a {@link Label}
     * @throws io.countersign.contracts.ids.InvalidIdentifierException when one is not
     */
    public Classifier(Function<String, DatasetLabels> declared, Function<String, DatasetLabels> inherited,
                      List<String> unknownDefaults) {
        this.declared = declared;
        this.inherited = inherited;
        this.unknownDefaults = unknownDefaults.stream().map(l -> Label.parse(l).value()).toList();
    }

    /** Classifies every target of {@code intent}. */
    public Classification classify(ActionIntent intent) {
        List<DatasetClassification> datasets = new ArrayList<>(intent.getTargets().size());
        List<String> unreadable = new ArrayList<>();
        for (int i = 0; i < intent.getTargets().size(); i++) {
            String target = intent.getTargets().get(i);
            try {
                datasets.add(classifyDataset(DatasetUri.parse(target).value(), false));
            } catch (InvalidDatasetUriException e) {
                unreadable.add("targets[" + i + "] is not a dataset URI: " + e.getMessage());
                datasets.add(classifyDataset(target, true));
            }
        }
        RiskScorer.Risk r = risk.score(intent, datasets);
        List<String> reasons = new ArrayList<>(unreadable);
        reasons.addAll(r.reasons());
        return new Classification(datasets, r.score(), List.copyOf(reasons), List.copyOf(unreadable));
    }

    /** The effective labels of one dataset, looked up by its canonical URI. */
    public DatasetClassification classifyDataset(String dataset) {
        return DatasetUri.tryParse(dataset).map(d -> classifyDataset(d.value(), false)).orElseGet(() -> classifyDataset(dataset, true));
    }

    private DatasetClassification classifyDataset(String dataset, boolean unreadable) {
        // Keyed by label so a label both declared and inherited shows once, as declared (the stronger
        // statement), while an inherited label keeps its provenance path.
        Map<String, LabelEntry> byLabel = new LinkedHashMap<>();
        DatasetLabels own = declared.apply(dataset);
        if (own != null) {
            own.getLabels().forEach(l -> byLabel.put(normal(l.getLabel()), copy(l, LabelSource.DECLARED)));
        }
        DatasetLabels upstream = inherited.apply(dataset);
        if (upstream != null) {
            upstream.getLabels().forEach(l -> byLabel.putIfAbsent(normal(l.getLabel()), copy(l, LabelSource.INHERITED)));
        }
        boolean known = !byLabel.isEmpty() && !unreadable;
        if (!known) {
            unknownDefaults.forEach(label -> byLabel.put(label, LabelEntry.newBuilder().setLabel(label).setSource(LabelSource.DEFAULT).build()));
        }
        return DatasetClassification.newBuilder().setDataset(dataset)
                .setLabels(new ArrayList<>(byLabel.values())).setKnown(known).build();
    }

    private static LabelEntry copy(LabelEntry l, LabelSource source) {
        return LabelEntry.newBuilder(l).setLabel(normal(l.getLabel())).setSource(source).build();
    }

    /** Labels in the stores may come from any producer: compared in one spelling, never dropped for being odd. */
    private static String normal(String label) {
        return Label.normalise(label);
    }

    /**
     * Effective labels of all targets, plus the intent's risk; {@code unreadableTargets} says which
     * targets have no canonical form and why (empty when all have one).
     */
    public record Classification(List<DatasetClassification> datasets, int riskScore, List<String> riskReasons,
                                 List<String> unreadableTargets) {

        /** The built-in rule that denies an intent with a target that has no canonical dataset URI. */
        public static final String UNREADABLE_TARGET_RULE = "unreadable-dataset-uri";

        /**
         * Policy's {@code resource}: each target's labels under its canonical URI and, when the agent
         * spelled it otherwise, under that spelling too, so both {@code resource['pg://crm/customers']}
         * and {@code intent.targets.exists(t, ... resource[t])} find them. Labels of one key are united.
         */
        public Map<String, List<String>> policyLabels(List<String> targets) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (int i = 0; i < datasets.size(); i++) {
                List<String> labels = datasets.get(i).getLabels().stream().map(LabelEntry::getLabel).toList();
                for (String key : new LinkedHashSet<>(List.of(datasets.get(i).getDataset(), targets.get(i)))) {
                    out.merge(key, labels, (a, b) -> Stream.concat(a.stream(), b.stream()).distinct().toList());
                }
            }
            return out;
        }

        /**
         * A target with no canonical dataset URI (only intents written straight to Kafka can carry one;
         * the gateway refuses them) could be any dataset, labelled anything: the intent is denied,
         * whatever the policy decided, and the reason is in the risk reasons.
         */
        public PolicyDecision overrule(PolicyDecision decision) {
            if (unreadableTargets.isEmpty()) {
                return decision;
            }
            List<MatchedRule> matched = new ArrayList<>();
            matched.add(MatchedRule.newBuilder().setId(UNREADABLE_TARGET_RULE).setEffect(Effect.DENY)
                    .setDescription("A target is not a dataset URI Countersign can canonicalise, so its labels cannot be known").build());
            matched.addAll(decision.matched());
            return new PolicyDecision(Effect.DENY, matched, null, decision.policyVersion());
        }
    }
}
