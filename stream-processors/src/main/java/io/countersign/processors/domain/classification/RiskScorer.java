package io.countersign.processors.domain.classification;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.DatasetClassification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 0–100 risk score with the reasons behind it, shown to approvers and available to policy. It ranks
 * intents for humans; it never decides on its own (policy does), so it is deliberately simple and
 * explainable: the most sensitive label touched, plus points for where the data goes and what is done.
 */
final class RiskScorer {

    private static final Map<String, Integer> LABEL_WEIGHT = Map.of(
            "SECRET", 50, "PHI", 40, "PCI", 40, "PII", 30, "CONFIDENTIAL", 25, "UNCLASSIFIED", 15, "INTERNAL", 5, "PUBLIC", 0);
    private static final int OTHER_LABEL_WEIGHT = 20;

    record Risk(int score, List<String> reasons) {
    }

    Risk score(ActionIntent intent, List<DatasetClassification> datasets) {
        List<String> reasons = new ArrayList<>();
        int labelScore = 0;
        String worst = null;
        for (DatasetClassification d : datasets) {
            for (var l : d.getLabels()) {
                int w = LABEL_WEIGHT.getOrDefault(l.getLabel(), OTHER_LABEL_WEIGHT);
                if (w > labelScore) {
                    labelScore = w;
                    worst = l.getLabel() + " on " + d.getDataset() + (l.getSource().name().equals("INHERITED") ? " (inherited)" : "");
                }
            }
        }
        if (worst != null && labelScore > 0) {
            reasons.add("touches " + worst);
        }
        int score = labelScore;
        if (intent.getDestination() != null && intent.getDestination().getExternal()) {
            score += 25;
            reasons.add("sends data to an external destination");
        }
        String action = intent.getAction();
        if (action.startsWith("iam.")) {
            score += 20;
            reasons.add("changes access rights");
        } else if (action.endsWith(".export") || action.endsWith(".delete") || action.endsWith(".drop")) {
            score += 15;
            reasons.add("moves or destroys data");
        } else if (action.startsWith("infra.") || action.startsWith("model.")) {
            score += 10;
            reasons.add("changes infrastructure or models");
        }
        if ("prod".equalsIgnoreCase(intent.getEnvironment()) || "production".equalsIgnoreCase(intent.getEnvironment())) {
            score += 10;
            reasons.add("runs in production");
        }
        if (intent.getDelegationChain().size() > 3) {
            score += 5;
            reasons.add("long delegation chain (" + intent.getDelegationChain().size() + " links)");
        }
        return new Risk(Math.min(100, score), List.copyOf(reasons));
    }
}
