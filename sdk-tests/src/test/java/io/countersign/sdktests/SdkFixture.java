package io.countersign.sdktests;

import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Identity;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.embedded.Endpoints;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Role;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the decision pipeline and the ingest gateway on the shared embedded stack, with an agent key
 * ({@code agent:sdk-agent}, owned by alice) and an approver key (carol, a data steward), and a runner for an
 * SDK's own test command with the gateway's URL and the keys in its environment.
 */
final class SdkFixture implements AutoCloseable {

    static final String AGENT = "agent:sdk-agent";
    static final String AGENT_KEY = ApiKeys.generate();
    static final String CAROL_KEY = ApiKeys.generate();
    /** What the SDK tests expect of the policy (their module docs repeat it). */
    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: no-deletes
                condition: intent.action == 'sdk.delete'
                effect: deny
              - id: exports-need-a-steward
                condition: intent.action == 'sdk.export'
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
              - id: purges-expire-quickly
                condition: intent.action == 'sdk.purge'
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 2s
            """;

    private final StreamProcessors pipeline;
    private final IngestGateway gateway;

    SdkFixture(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        Path dir = Files.createTempDirectory("countersign-sdk-it");
        Files.writeString(dir.resolve("directory.yaml"), "groups:\n  data-stewards: [user:carol@example.com]\n");
        ChannelKeyPair apiKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "api");
        pipeline = stack.pipeline(dir).applicationId("countersign-sdk-it").directoryFile(dir.resolve("directory.yaml"))
                .trusting(apiKeys).start(POLICY);
        ApiKeys keys = new ApiKeys(Map.of(
                ApiKeys.hash(AGENT_KEY), new Credential("key-sdk-agent", Identity.of(AGENT), Identity.of("user:alice@example.com"),
                        Set.of(Role.AGENT)),
                ApiKeys.hash(CAROL_KEY), new Credential("key-carol", Identity.of("user:carol@example.com"),
                        Identity.of("user:carol@example.com"), Set.of(Role.APPROVER))));
        gateway = IngestGateway.start(IngestConfig.DEFAULTS.withPort(0).withDecisionSigningKey(apiKeys.privateKeyFile().toString(),
                apiKeys.keyId()), stack.kafka(), stack.registry(), keys, YamlDirectory.load(dir.resolve("directory.yaml")), Clock.systemUTC());
        gateway.awaitReady(Duration.ofSeconds(30));
    }

    /** The outcome of one SDK test run: its exit code and its combined output. */
    record Run(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code workDir} with the gateway's URL and keys in the environment, at most {@code limit}. */
    Run run(Path workDir, List<String> command, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("COUNTERSIGN_URL", gateway.url().toString());
        env.put("COUNTERSIGN_API_KEY", AGENT_KEY);
        env.put("COUNTERSIGN_APPROVER_KEY", CAROL_KEY);
        env.put("COUNTERSIGN_AGENT", AGENT);
        Process p = pb.start();
        // Read while it runs, so a chatty test run can never block on a full pipe.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output lost: ").append(e.getMessage()).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            return new Run(-1, out + "\n(killed after " + limit + ")");
        }
        reader.join(5_000);
        return new Run(p.exitValue(), out.toString());
    }

    @Override
    public void close() {
        gateway.close();
        pipeline.close();
    }
}
