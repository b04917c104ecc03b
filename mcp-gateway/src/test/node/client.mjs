// Drives the Countersign MCP gateway with the official TypeScript MCP client over stdio.
// Usage: node client.mjs <java> <classpath> <config.yaml> '<steps JSON>'
// Steps: {"op":"list"} | {"op":"call","name":...,"arguments":{...},"progress":true}
// Prints one JSON line per step: {"op":..., "result":...} or {"op":..., "error":{code,message}}, and progress lines.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [, , java, classpath, config, stepsJson] = process.argv;
const steps = JSON.parse(stepsJson);
const transport = new StdioClientTransport({
  command: java,
  args: ["-cp", classpath, "io.countersign.mcpgateway.McpGatewayService", "--config", config],
  stderr: "inherit",
});
const client = new Client({ name: "countersign-it-client", version: "1.0.0" });
await client.connect(transport);
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
for (const step of steps) {
  try {
    if (step.op === "list") {
      print({ op: "list", result: await client.listTools() });
    } else if (step.op === "call") {
      const options = { timeout: 600_000 };
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
