package io.countersign.mcpgateway.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The calls in flight that a client may cancel ({@code notifications/cancelled}), by the JSON-RPC request id
 * the transport saw: a cancelled call is never run afterwards, even if its intent is approved later. A
 * cancellation for an id not (or no longer) in flight changes nothing.
 */
public final class Cancellations {

    /** The {@code _meta} key a transport puts the request's own JSON-RPC id under (whatever the client sent there). */
    public static final String REQUEST_ID = "countersign.requestId";

    private final Map<String, AtomicBoolean> inFlight = new ConcurrentHashMap<>();

    /** Starts tracking request {@code requestId} (null: untracked); whether it has been cancelled. */
    public BooleanSupplier track(String requestId) {
        if (requestId == null) {
            return () -> false;
        }
        AtomicBoolean flag = inFlight.computeIfAbsent(requestId, k -> new AtomicBoolean());
        return flag::get;
    }

    /** The client cancelled {@code requestId}. */
    public void cancel(String requestId) {
        AtomicBoolean flag = inFlight.get(requestId);
        if (flag != null) {
            flag.set(true);
        }
    }

    /** Request {@code requestId} has been answered. */
    public void done(String requestId) {
        if (requestId != null) {
            inFlight.remove(requestId);
        }
    }
}
