package io.countersign.mcpgateway.application.port.out;

import io.countersign.mcpgateway.domain.ToolCall;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;

/**
 * The MCP servers the gateway fronts: their tools, resources and prompts, and a call, a resource read or a
 * prompt request forwarded to one of them.
 */
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

    /** Every server's resources, by server name (none for a server without the resources capability). */
    Map<String, List<McpSchema.Resource>> resources() throws UpstreamException;

    /** Every server's resource templates, by server name. */
    Map<String, List<McpSchema.ResourceTemplate>> resourceTemplates() throws UpstreamException;

    /** Reads {@code uri} from {@code server}; the server's contents. */
    McpSchema.ReadResourceResult read(String server, String uri) throws UpstreamException;

    /** Every server's prompts, by server name (none for a server without the prompts capability). */
    Map<String, List<McpSchema.Prompt>> prompts() throws UpstreamException;

    /** Gets prompt {@code request} from {@code server}, as it is. */
    McpSchema.GetPromptResult prompt(String server, McpSchema.GetPromptRequest request) throws UpstreamException;
}
