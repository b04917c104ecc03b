package io.countersign.cli;

import io.countersign.approvalbot.ApprovalBotService;
import io.countersign.teamsbot.TeamsBotService;
import io.countersign.mcpgateway.McpGatewayService;
import io.countersign.ingest.GatewayService;
import io.countersign.processors.PipelineService;
import io.countersign.service.ServiceLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The commands that run one Countersign service in this process against the configured cluster
 * ({@code pipeline}, {@code gateway}, {@code approval-bot}): each parses {@code --config} and hands the
 * configuration to the service's own entry point in its module, which prints its start-up facts; the
 * command then waits for SIGTERM or SIGINT, stops the service cleanly and exits 0.
 */
abstract class ServiceCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    /** The module's entry point. */
    abstract ServiceLifecycle.Starter starter();

    /** Where the start-up facts go: standard output, unless the service speaks a protocol there. */
    PrintWriter facts() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = facts();
        ServiceLifecycle.runUntilStopped(spec.name(), starter().start(config.loader(), out), out);
        return 0;
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"Runs the decision pipeline (Kafka Streams) against the configured cluster until SIGTERM.",
                    "Any number of instances with the same stream-processors.applicationId share the work.",
                    "Health: GET /healthz/live, /healthz/ready, /metrics on stream-processors.http (default 127.0.0.1:8089)."})
    static final class Pipeline extends ServiceCommand {
        @Override
        ServiceLifecycle.Starter starter() {
            return PipelineService::start;
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = {"Runs the ingest gateway (HTTP API) against the configured cluster until SIGTERM, then drains requests.",
                    "Stateless: run any number behind a load balancer. Needs ingest.apiKeysFile (countersign keys create).",
                    "Health: GET /healthz/live, /healthz/ready, /metrics on the ingest port."})
    static final class Gateway extends ServiceCommand {
        @Override
        ServiceLifecycle.Starter starter() {
            return GatewayService::start;
        }
    }

    @Command(name = "approval-bot", mixinStandardHelpOptions = true,
            description = {"Runs the Slack approval bot against the configured cluster until SIGTERM. Run ONE instance:",
                    "two would post every request twice (a second one on the same stateFile refuses to start).",
                    "Health: GET /healthz/live, /healthz/ready, /metrics on the approval-bot port."})
    static final class ApprovalBot extends ServiceCommand {
        @Override
        ServiceLifecycle.Starter starter() {
            return ApprovalBotService::start;
        }
    }

    @Command(name = "teams-bot", mixinStandardHelpOptions = true,
            description = {"Runs the Microsoft Teams approval bot against the configured cluster until SIGTERM. Run ONE instance:",
                    "two would post every request twice (a second one on the same stateDir refuses to start).",
                    "Teams' messaging endpoint is POST /api/messages on the teams-bot port (put it behind HTTPS).",
                    "Health: GET /healthz/live, /healthz/ready, /metrics on the same port."})
    static final class TeamsBot extends ServiceCommand {
        @Override
        ServiceLifecycle.Starter starter() {
            return TeamsBotService::start;
        }
    }

    @Command(name = "mcp-gateway", mixinStandardHelpOptions = true,
            description = {"Runs the MCP gateway on standard input and output: put `countersign mcp-gateway --config FILE` in an",
                    "MCP client's server list. It spawns the upstream MCP servers of mcp-gateway.servers and checks every",
                    "tools/call with Countersign first (allowed: forwarded; denied: never forwarded; review: waits).",
                    "Start-up facts and logs go to standard error. It ends when the client closes its input, or on SIGTERM."})
    static final class McpGateway extends ServiceCommand {
        @Override
        ServiceLifecycle.Starter starter() {
            return McpGatewayService::start;
        }

        @Override
        PrintWriter facts() {
            return spec.commandLine().getErr();
        }
    }
}
