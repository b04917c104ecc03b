package io.countersign.lineage.domain;

/**
 * The parts of an intent's audit trail that usage and execution lineage need, read from
 * {@code countersign.audit}: what was asked ({@code RECEIVED}: agent, action, targets, whether the
 * destination is external), how it ended ({@code VERDICT}: outcome), and what it produced
 * ({@code EXECUTION}: status and output datasets). A Flink POJO (arrays, not lists, so Flink
 * serializes it without Kryo).
 */
public class IntentEvent {

    public static final String RECEIVED = "RECEIVED";
    public static final String VERDICT = "VERDICT";
    public static final String EXECUTION = "EXECUTION";

    public String intentId;
    public String kind;
    /** Epoch millis: when the intent was received, decided or reported. */
    public long at;
    public String agent;
    public String action;
    public String[] targets;
    public boolean external;
    public String outcome;
    public String status;
    public String[] outputs;

    public IntentEvent() {
    }

    public static IntentEvent received(String intentId, long at, String agent, String action, String[] targets, boolean external) {
        IntentEvent e = of(intentId, RECEIVED, at);
        e.agent = agent;
        e.action = action;
        e.targets = targets;
        e.external = external;
        return e;
    }

    public static IntentEvent verdict(String intentId, long at, String outcome) {
        IntentEvent e = of(intentId, VERDICT, at);
        e.outcome = outcome;
        return e;
    }

    public static IntentEvent execution(String intentId, long at, String status, String[] outputs) {
        IntentEvent e = of(intentId, EXECUTION, at);
        e.status = status;
        e.outputs = outputs;
        return e;
    }

    private static IntentEvent of(String intentId, String kind, long at) {
        IntentEvent e = new IntentEvent();
        e.intentId = intentId;
        e.kind = kind;
        e.at = at;
        return e;
    }
}
