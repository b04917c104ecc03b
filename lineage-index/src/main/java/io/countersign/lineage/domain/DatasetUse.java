package io.countersign.lineage.domain;

import java.util.Locale;

/**
 * One decided use of one dataset: an intent by {@code agent} doing {@code action} on {@code dataset},
 * which ended {@code outcome} at {@code at} (epoch millis, the verdict's time). {@code kind} buckets the
 * action for the usage counters: an export is any {@code *.export}/{@code *.copy}/{@code *.download}
 * action or any action whose destination is external; a read is {@code *.read}/{@code *.query}/
 * {@code *.select}/{@code *.scan}; a write changes the dataset. A Flink POJO.
 */
public class DatasetUse {

    public static final String READ = "READ";
    public static final String EXPORT = "EXPORT";
    public static final String WRITE = "WRITE";
    public static final String OTHER = "OTHER";

    public String dataset;
    public String agent;
    public String action;
    public String kind;
    public String outcome;
    public long at;

    public DatasetUse() {
    }

    public static DatasetUse of(String dataset, String agent, String action, boolean external, String outcome, long at) {
        DatasetUse u = new DatasetUse();
        u.dataset = dataset;
        u.agent = agent;
        u.action = action;
        u.kind = kind(action, external);
        u.outcome = outcome;
        u.at = at;
        return u;
    }

    /** Whether the intent was refused: denied by policy or a person, or expired unanswered (which denies). */
    public boolean denied() {
        return !"ALLOWED".equals(outcome);
    }

    static String kind(String action, boolean external) {
        String verb = action.substring(action.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (external || verb.equals("export") || verb.equals("copy") || verb.equals("download") || verb.equals("share")) {
            return EXPORT;
        }
        return switch (verb) {
            case "read", "query", "select", "scan", "get" -> READ;
            case "write", "insert", "update", "delete", "drop", "truncate", "alter", "load", "merge" -> WRITE;
            default -> OTHER;
        };
    }
}
