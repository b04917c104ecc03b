package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.mcpgateway.adapter.out.CountersignIntentGate;
import io.countersign.mcpgateway.claudecode.ClaudeCodeHook;
import io.countersign.sdk.Countersign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code countersign hook claude-code}: a Claude Code (or Claude Agent SDK) command hook. Reads one hook event
 * from standard input, answers on standard output ({@link ClaudeCodeHook}); the agent's API key comes from
 * {@code COUNTERSIGN_API_KEY}, never from an argument (arguments are visible to every local user).
 */
@Command(name = "hook", mixinStandardHelpOptions = true, description = "Agent hooks that check tool uses with Countersign.",
        subcommands = HookCommand.ClaudeCode.class)
final class HookCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "claude-code", mixinStandardHelpOptions = true,
            description = {"A PreToolUse / PostToolUse command hook for Claude Code and the Claude Agent SDK.",
                    "Reads the hook's JSON on stdin and writes its answer on stdout: permissionDecision allow, deny (with who",
                    "or which rule denied, and why) or, with --on-review ask, ask while a review is pending.",
                    "PostToolUse reports the execution. Set COUNTERSIGN_API_KEY (the agent's key) in the environment.",
                    "In .claude/settings.json: {\"hooks\": {\"PreToolUse\": [{\"matcher\": \"*\", \"hooks\": [{\"type\": \"command\",",
                    "  \"command\": \"countersign hook claude-code --principal user:you@example.com\"}]}], \"PostToolUse\": [...same...]}}"})
    static final class ClaudeCode implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Option(names = "--gateway-url", description = "The ingest gateway (default: $COUNTERSIGN_URL, else http://127.0.0.1:8088).")
        String gatewayUrl;

        @Option(names = "--principal", description = "The human the agent acts for (default: $COUNTERSIGN_PRINCIPAL).")
        String principal;

        @Option(names = "--wait", defaultValue = "50", description = "Seconds to wait for a verdict before answering (default 50, under"
                + " Claude Code's 60 s hook timeout).")
        long waitSeconds;

        @Option(names = "--on-review", defaultValue = "wait", description = "While a review is still pending after --wait: `wait`"
                + " answers deny (run it again once approved), `ask` lets Claude Code's own prompt decide.")
        ClaudeCodeHook.OnReview onReview;

        /** Where the event is read from (standard input; tests give another). */
        InputStream in = System.in;

        @Override
        public Integer call() throws IOException {
            String key = System.getenv("COUNTERSIGN_API_KEY");
            String who = principal != null ? principal : System.getenv("COUNTERSIGN_PRINCIPAL");
            String url = gatewayUrl != null ? gatewayUrl : System.getenv().getOrDefault("COUNTERSIGN_URL", "http://127.0.0.1:8088");
            if (key == null || key.isBlank() || who == null || who.isBlank()) {
                spec.commandLine().getErr().println("countersign hook claude-code: set COUNTERSIGN_API_KEY (the agent's key, from"
                        + " `countersign keys create`) and --principal or COUNTERSIGN_PRINCIPAL (the human the agent acts for)");
                return 1;
            }
            JsonNode event;
            try {
                event = JSON.readTree(in.readNBytes(4 * 1024 * 1024));
            } catch (IOException e) {
                spec.commandLine().getErr().println("countersign hook claude-code: the hook input is not JSON");
                return 1;
            }
            try (Countersign client = Countersign.connect(URI.create(url), key)) {
                ClaudeCodeHook hook = new ClaudeCodeHook(new CountersignIntentGate(client, who, null), Duration.ofSeconds(waitSeconds), onReview);
                spec.commandLine().getOut().println(JSON.writeValueAsString(hook.handle(event)));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("countersign hook claude-code: " + e.getMessage());
                return 1;
            }
        }
    }
}
