// Drives the Countersign MCP gateway with the official TypeScript MCP client, over stdio or Streamable HTTP.
// Usage: node client.mjs <java> <classpath> <config.yaml> '<steps JSON>'      (spawns the gateway, stdio)
//        node client.mjs --http <url> <bearer API key> '<steps JSON>'           (a running gateway, Streamable HTTP)
// A connection that fails prints {"op":"connect","error":{...}} and exits 0.
// Steps: {"op":"sleep","ms":...} | {"op":"call",...,"cancelAfterMs":3000} (aborts it: notifications/cancelled) | {"op":"list"} | {"op":"call","name":...,"arguments":{...},"progress":true} | {"op":"resources"} | {"op":"templates"}
//        | {"op":"read","uri":...} | {"op":"prompts"} | {"op":"prompt","name":...,"arguments":{...}}
// Prints one JSON line per step: {"op":..., "result":...} or {"op":..., "error":{code,message}}, and progress lines.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
let transport, stepsJson;
if (process.argv[2] === "--http") {
  const [, , , url, key, steps] = process.argv;
  stepsJson = steps;
  transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
} else {
  const [, , java, classpath, config, steps] = process.argv;
  stepsJson = steps;
  transport = new StdioClientTransport({
    command: java,
    args: ["-cp", classpath, "io.countersign.mcpgateway.McpGatewayService", "--config", config],
    stderr: "inherit",
  });
}
const steps = JSON.parse(stepsJson);
const client = new Client({ name: "countersign-it-client", version: "1.0.0" });
try {
  await client.connect(transport);
} catch (e) {
  print({ op: "connect", error: { code: e.code ?? null, message: String(e.message ?? e) } });
  process.exit(0);
}
for (const step of steps) {
  try {
    if (step.op === "sleep") {
      await new Promise((r) => setTimeout(r, step.ms));
      print({ op: "sleep" });
    } else if (step.op === "list") {
      print({ op: "list", result: await client.listTools() });
    } else if (step.op === "resources") {
      print({ op: "resources", result: await client.listResources() });
    } else if (step.op === "templates") {
      print({ op: "templates", result: await client.listResourceTemplates() });
    } else if (step.op === "read") {
      print({ op: "read", uri: step.uri, result: await client.readResource({ uri: step.uri }) });
    } else if (step.op === "prompts") {
      print({ op: "prompts", result: await client.listPrompts() });
    } else if (step.op === "prompt") {
      print({ op: "prompt", name: step.name, result: await client.getPrompt({ name: step.name, arguments: step.arguments ?? {} }) });
    } else if (step.op === "call") {
      const options = { timeout: 600_000 };
      if (step.cancelAfterMs) {
        const abort = new AbortController();
        setTimeout(() => abort.abort("the user gave up"), step.cancelAfterMs);
        options.signal = abort.signal;
      }
      if (step.progress) {
        options.onprogress = (p) => print({ op: "progress", progress: p });
        options.resetTimeoutOnProgress = true;
      }
      print({ op: "call", name: step.name, result: await client.callTool({ name: step.name, arguments: step.arguments }, undefined, options) });
    }
  } catch (e) {
    print({ op: step.op, name: step.name, error: { code: e.code ?? null, message: String(e.message ?? e) } });
  }
}
await client.close();
