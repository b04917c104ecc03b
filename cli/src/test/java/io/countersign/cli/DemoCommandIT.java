package io.countersign.cli;

import io.countersign.approvals.opensearch.BlastRadiusConfig;
import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.HttpSchemaRegistryClient;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.processors.StreamProcessorsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code countersign demo} against the gateway and the decision pipeline with the shipped policy, as
 * {@code up} runs them: the newcomer sees allowed, denied and pending-review intents.
 */
@WithCountersignStack
class DemoCommandIT {

    @Test
    void theDemoShowsAllowedDeniedAndPendingReviews(Endpoints endpoints, @TempDir Path dir) throws Exception {
        CliRun.initialised(endpoints, dir);
        KafkaSettings kafka = new KafkaSettings(endpoints.kafkaBootstrap(), Map.of());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.registryUrl());
        StreamProcessorsConfig pipelineConfig = StreamProcessorsConfig.builder().applicationId("demo-it").expirySweepMs(500).build();
        StringWriter startup = new StringWriter();
        // As `up` does: the approval API signs its decisions with a key the pipeline trusts for channel api.
        EmbeddedChannelKeys.Wired channels = EmbeddedChannelKeys.wire(dir, IngestConfig.DEFAULTS, ApprovalBotConfig.DEFAULTS,
                io.countersign.teamsbot.TeamsBotConfig.DEFAULTS, pipelineConfig,
                new PrintWriter(startup, true));
        try (DecisionPipeline pipeline = DecisionPipeline.start(kafka, registry, channels.pipeline(), dir, new PrintWriter(startup, true));
             IngestGateway gateway = Gateway.start(kafka, registry, channels.ingest(), BlastRadiusConfig.NONE, 0, dir, pipeline.directoryFile(),
                     new PrintWriter(startup, true))) {
            CliRun r = CliRun.of("demo", "--url", gateway.url().toString(), "--data-dir", dir.toString(), "--intents", "6");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .containsPattern("db\\.read +pg://web/pages +ALLOWED \\(rule non-sensitive-inside\\)")
                    .containsPattern("secrets\\.copy +vault://prod/keys +DENIED \\(rule secret-leaves\\)")
                    .containsPattern("db\\.export +pg://crm/customers +PENDING_REVIEW")
                    .containsPattern("iam\\.role\\.grant +aws://iam/role/data-admin +PENDING_REVIEW")
                    .contains("Summary: {ALLOWED=2, DENIED=1, PENDING_REVIEW=3}")
                    .containsPattern("model\\.train +pg://crm/customers +ALLOWED \\(approved by user:carol@example.com\\)");
            assertThat(r.out() + r.err()).doesNotContain("cs_");
        }
    }
}
