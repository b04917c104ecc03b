package io.countersign.mcpgateway.application.port.out;

import java.util.Optional;

/**
 * Countersign for agents that reach the gateway over HTTP, each with its own API key: the {@link IntentGate}
 * that submits that agent's calls with its key, if Countersign knows the key. The key is the only identity an
 * HTTP agent has here; nothing in its requests can name another agent. The principal (the human the agent acts
 * for) is the key's owner, as Countersign knows it.
 */
public interface CallerGates {

    /**
     * The gate for {@code apiKey}, acting for the key's owner; empty when Countersign refuses the key (unknown, revoked).
     * The same key gets the same gate while its owner stays the same.
     */
    Optional<IntentGate> forKey(String apiKey) throws IntentGate.GateException;
}
