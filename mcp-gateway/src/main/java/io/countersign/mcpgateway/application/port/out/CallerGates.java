package io.countersign.mcpgateway.application.port.out;

import java.util.Optional;

/**
 * Countersign for agents that reach the gateway over HTTP, each with its own API key: the {@link IntentGate}
 * that submits that agent's calls with its key, if Countersign knows the key. The key is the only identity an
 * HTTP agent has here; nothing in its requests can name another agent. The principal (the human the agent acts
 * for) is the key's owner, as Countersign knows it, unless the agent names one of the principals Countersign lets the
 * key act for ({@value #PRINCIPAL_HEADER}).
 */
public interface CallerGates {

    /** The request header an HTTP agent names its principal in; without it, the principal is its key's owner. */
    String PRINCIPAL_HEADER = "Countersign-Principal";

    /** The principal an agent named is not one its key may act for: the agent gets 403 with this message. */
    final class PrincipalNotAllowed extends Exception {
        public PrincipalNotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The gate for {@code apiKey} acting for {@code principal} (null: the key's owner); empty when Countersign refuses the
     * key. {@link PrincipalNotAllowed} when the key may not act for {@code principal} (Countersign checks each intent's
     * principal again). The same key and principal get the same gate.
     */
    Optional<IntentGate> forKey(String apiKey, String principal) throws IntentGate.GateException, PrincipalNotAllowed;
}
