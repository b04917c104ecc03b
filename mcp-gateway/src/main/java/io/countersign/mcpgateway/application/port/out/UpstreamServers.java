package io.countersign.mcpgateway.application.port.out;

import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;

/** The MCP servers the gateway fronts: their tools, and a call forwarded to one of them. */
public interface UpstreamServers {

    /** The upstream failed the call (crashed, timed out, answered malformed JSON-RPC or a JSON-RPC error). */
    final class UpstreamException extends Exception {
        public UpstreamException(String message) {
            super(message, null, false, false);
        }
    }

    /** Every server's tools, by server name, as the server lists them. */
    Map<String, List<McpSchema.Tool>> tools() throws UpstreamException;

    /** Forwards {@code call} to its server with exactly its arguments; the server's result. */
    McpSchema.CallToolResult call(ToolCall call) throws UpstreamException;
}
