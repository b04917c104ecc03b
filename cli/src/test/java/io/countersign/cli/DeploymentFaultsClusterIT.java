package io.countersign.cli;

import io.countersign.contracts.topics.Topics;
import io.countersign.lineage.adapter.out.FlinkRestClient;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.Verdict;
import io.countersign.sdk.Countersign;
import io.countersign.sdk.Intent;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Countersign deployed as separate processes ({@link LocalDeployment}: 3 brokers, a Flink session
 * cluster, 2 pipelines, 2 gateways) takes a steady load through both gateways while, one after another,
 * the leader broker of an intents partition, one pipeline instance and the Flink TaskManager are killed
 * with SIGKILL, and the pipelines are then restarted one by one (a deploy). Afterwards every intent has
 * exactly one verdict and every review exactly one approval request, the audit log and its OpenSearch
 * copy verify, the index holds one document per intent, and a label declared after the faults still
 * reaches a dataset three hops down and changes a decision. The report (processes, resident memory,
 * start-up time, verdict latency per phase) goes to {@code target/cluster-report.md}, every process's log
 * to {@code target/cluster-run-<time>/}.
 * Run with {@code mvn verify -Pcluster -pl cli -am}.
 */
class DeploymentFaultsClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentFaultsClusterIT.class);
    private static final int RATE = Integer.getInteger("countersign.cluster.rate", 20);
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("countersign.cluster.phaseSeconds", 30));

    @Test
    void everyIntentIsDecidedExactlyOnceThroughBrokerPipelineAndTaskManagerFaultsAndARollingRestart() throws Exception {
        // Kept after the run (every process's log, the configuration), for a post-mortem.
        Path dir = Files.createDirectories(Path.of("target", "cluster-run-" + System.currentTimeMillis()).toAbsolutePath());
        try (LocalDeployment d = LocalDeployment.start(dir)) {
            Map<String, Long> memoryAtStart = d.residentMemory();
            FaultTimeline timeline = new FaultTimeline();
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<VerdictLoad.Sample> samples;
            Faults faults;
            try (VerdictLoad load = new VerdictLoad(d.gatewayUrls(), d.agentKey, RATE, 10, run)) {
                timeline.begin("warm-up, until 50 verdicts in a row arrive within 1 s");
                load.start();
                boolean steady = load.awaitSteady(50, Duration.ofSeconds(1), Duration.ofMinutes(4));
                LOG.info("Warm-up over: {}", steady ? "steady" : "not steady after 4 minutes; measuring anyway");
                timeline.begin("before the faults");
                pause(PHASE);
                faults = faults(d, timeline);
                timeline.begin("after every fault");
                pause(PHASE);
                load.stop(Duration.ofMinutes(5));
                samples = load.samples();
                assertThat(samples).as("one sample per intent sent").hasSize(load.sent());
            }
            Map<String, Long> memoryAtEnd = d.residentMemory();
            assertThat(samples).as("intents refused or not decided").allSatisfy(s -> assertThat(s.error()).isNull());
            assertThat(samples).filteredOn(s -> s.kind() == VerdictLoad.Kind.READ).allSatisfy(s -> assertThat(s.outcome()).isEqualTo("ALLOWED"));
            Set<String> reviews = samples.stream().filter(s -> s.kind() == VerdictLoad.Kind.REVIEW).map(VerdictLoad.Sample::intentId)
                    .collect(Collectors.toSet());
            ClusterApprovals.approveAll(d, reviews);
            Set<String> all = samples.stream().map(VerdictLoad.Sample::intentId).collect(Collectors.toCollection(java.util.HashSet::new));
            all.add(faults.probeIntent());

            String bootstrap = d.kafka.bootstrapServers();
            String registry = d.registry.url();
            Map<String, Integer> verdicts = TopicCounts.count(bootstrap, registry, Topics.VERDICTS, v -> true, Verdict::getIntentId);
            assertThat(verdicts).as("verdicts of this run").containsKeys(all.toArray(String[]::new));
            assertThat(all).as("exactly one verdict per intent").allSatisfy(id -> assertThat(verdicts.get(id)).as(id).isEqualTo(1));
            Map<String, Integer> audited = TopicCounts.count(bootstrap, registry, Topics.AUDIT, r -> r.getEventType() == AuditEventType.VERDICT,
                    AuditRecord::getIntentId);
            assertThat(all).as("exactly one audited verdict per intent").allSatisfy(id -> assertThat(audited.get(id)).as(id).isEqualTo(1));
            Map<String, Integer> requests = TopicCounts.count(bootstrap, registry, Topics.APPROVAL_REQUESTS, r -> true, ApprovalRequest::getIntentId);
            assertThat(requests.keySet()).as("approval requests are for the reviews only").isEqualTo(reviews);
            assertThat(requests.values()).as("exactly one approval request per review").containsOnly(1);

            assertThat(new FlinkRestClient(d.flink.restUrl(), Duration.ofSeconds(10)).jobs())
                    .singleElement().satisfies(j -> assertThat(j.state()).isEqualTo("RUNNING"));
            long indexed = ClusterIndex.awaitOneDocumentPerIntent(d, all.size());
            CliRun verify = CliRun.of("audit", "verify", "--config", d.config.toString(), "--public-key",
                    d.dir.resolve("keys/audit-signing-key.pub.pem").toString(), "--index", d.openSearch.url());
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("INTACT");

            String propagation = ClusterIndex.aLabelDeclaredAfterTheFaultsChangesADecisionThreeHopsDown(d, run);

            String report = ClusterReport.markdown(d, memoryAtStart, memoryAtEnd, timeline.latencyTable(samples), all.size(), reviews.size(),
                    indexed, verify.out(), faults.flinkRecovery() + "\n- " + propagation);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "cluster-report.md"), report);
            LOG.info("Cluster report (target/cluster-report.md):\n{}", report);
        }
    }

    /** The faults, in order, each its own phase of the timeline. */
    private static Faults faults(LocalDeployment d, FaultTimeline timeline) throws Exception {
        int leader = d.kafka.leaderOf(new TopicPartition(Topics.INTENTS.name(), 0));
        timeline.begin("broker " + leader + " (leader of intents-0) killed");
        d.kafka.kill9(leader);
        pause(PHASE);
        timeline.begin("broker " + leader + " restarted, catching up");
        d.kafka.restart(leader);
        d.kafka.awaitFullIsr(Topics.ALL.stream().map(t -> t.name()).toList(), Duration.ofMinutes(3));

        timeline.begin(d.pipelines.get(0).name() + " killed");
        d.pipelines.get(0).kill9();
        pause(PHASE);
        timeline.begin("rolling restart of the pipelines");
        replace(d, 0, false);   // the killed one comes back
        replace(d, 1, true);    // then each in turn: SIGTERM, a new one, ready
        replace(d, 0, true);

        timeline.begin("Flink TaskManager killed");
        List<Process> tms = d.flink.taskManagers();
        long killed = System.nanoTime();
        tms.get(tms.size() - 1).destroyForcibly().waitFor();
        pause(Duration.ofSeconds(10));
        d.flink.startTaskManager();
        // An intent decided now is indexed only once the job runs again on the new TaskManager (from its last checkpoint).
        try (Countersign agent = Countersign.connect(d.gatewayUrls().get(0), d.agentKey)) {
            String probe = agent.submit(Intent.action("db.read").principal("user:alice@example.com").target("pg://cluster-it/index-probe")
                    .reason("cluster IT: indexing resumed?").build()).intentId();
            ClusterIndex.awaitIndexed(d, probe);
            return new Faults(probe, ("Flink TaskManager killed with SIGKILL, a new one started 10 s later: indexing resumed (an intent"
                    + " decided then is in OpenSearch) %d ms after the kill").formatted((System.nanoTime() - killed) / 1_000_000));
        }
    }

    /** What the faults leave for the checks and the report: the intent that probed the index, and how long indexing stalled. */
    private record Faults(String probeIntent, String flinkRecovery) {
    }

    private static void replace(LocalDeployment d, int index, boolean stopFirst) throws Exception {
        ServiceProcess old = d.pipelines.get(index);
        if (stopFirst) {
            assertThat(old.stop(Duration.ofSeconds(90))).as(old.name() + " exit code after SIGTERM").isZero();
        }
        ServiceProcess fresh = d.startPipeline();
        fresh.awaitReady(Duration.ofMinutes(3));
        d.pipelines.set(index, fresh);
        LOG.info("{} replaced by {}", old.name(), fresh.name());
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
