package io.countersign.dashboards.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApprovalRequest;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.DecisionKind;
import io.countersign.schema.Destination;
import io.countersign.schema.EdgeOrigin;
import io.countersign.schema.ExecutionReport;
import io.countersign.schema.ExecutionStatus;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import io.countersign.schema.LineageEdge;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The data the dashboards' tests look at, told through the real pipeline: PII declared on
 * {@code pg://crm/customers}, lineage from it through {@code nightly_export} and {@code churn_model} to
 * {@code s3://marts/churn} (and a masked branch), reads that are allowed, an export of churn data
 * reviewed and approved by Carol (then executed into a new dataset), one denied by Dave, quick
 * approvals by Carol that make her a rubber-stamp suspect, and a drop denied by policy.
 */
final class SeedStory {

    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: no-drops
                condition: "intent.action == 'db.drop'"
                effect: deny
                description: Dropping tables is never automatic
              - id: pii-export-review
                condition: "intent.action == 'db.export' && 'PII' in labels"
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
            """;
    static final String CUSTOMERS = "pg://crm/customers";
    static final String RAW = "s3://lake/raw-customers";
    static final String CHURN = "s3://marts/churn";
    static final String MASKED = "s3://marts/customers-masked";
    static final String EXPORTED = "s3://exports/churn-2026-11";
    static final String ORDERS = "pg://sales/orders";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String run = UUID.randomUUID().toString().substring(0, 6);
    /** Before the story's first intent: the start of a period holding all of them. */
    final Instant startedAt = Instant.now().minusSeconds(1);
    final String approvedExport = "export-ok-" + run;
    final String deniedExport = "export-no-" + run;
    /** An id the rogue agent chose itself (agents writing to Kafka may, up to 128 characters): longer than the gateway's UUIDs. */
    final String droppedTable = "drop-" + run + "-orders-cleanup-idempotency-key-0f8c2d4e-9b7a-4c31-a5e6-1d2f3b4c5a69";

    private final KafkaSettings kafka;
    private final SchemaRegistryClient registry;
    private final DecisionSignature.Signer slack;

    private SeedStory(KafkaSettings kafka, SchemaRegistryClient registry, DecisionSignature.Signer slack) {
        this.kafka = kafka;
        this.registry = registry;
        this.slack = slack;
    }

    /** Seeds the story; {@code slack} signs its decisions as the Slack bot would. */
    static SeedStory tell(KafkaSettings kafka, SchemaRegistryClient registry, OpenSearchClient openSearch, DecisionSignature.Signer slack)
            throws Exception {
        SeedStory s = new SeedStory(kafka, registry, slack);
        s.produce(Topics.LABELS_DECLARED, CUSTOMERS, DatasetLabels.newBuilder().setDataset(CUSTOMERS).setOwners(List.of("team:crm"))
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).setDeclaredBy("user:steward@example.com").build()))
                .setUpdatedBy("user:steward@example.com").setUpdatedAt(Instant.now()).build());
        s.edge(CUSTOMERS, RAW, "nightly_export", "IDENTITY");
        s.edge(RAW, CHURN, "churn_model", "TRANSFORMATION");
        s.edge(CUSTOMERS, MASKED, "mask_customers", "MASKED");
        // The pipeline classifies against inherited labels: wait until churn is PII before asking about it.
        await().atMost(Duration.ofSeconds(90)).until(() -> s.doc(openSearch, "countersign-datasets", CHURN).path("inheritedLabels").size() > 0);

        for (int i = 0; i < 3; i++) {
            s.intent("read-" + i + "-" + s.run, "agent:etl", "db.read", ORDERS, false, "nightly revenue report");
        }
        s.intent(s.droppedTable, "agent:rogue", "db.drop", ORDERS, false, "cleanup");
        s.intent(s.approvedExport, "agent:etl", "db.export", CHURN, true, "quarterly churn review for the board");
        s.intent(s.deniedExport, "agent:etl", "db.export", CHURN, true, "send to a partner");
        for (int i = 0; i < 3; i++) {
            s.intent("stamp-" + i + "-" + s.run, "agent:helper", "db.export", CHURN, true, "weekly export " + i);
        }
        Map<String, ApprovalRequest> requests = s.requests(2 + 3);
        s.decide(requests.get(s.approvedExport), "user:carol@example.com", DecisionKind.APPROVE, "ticket DATA-42 approves the board pack");
        s.decide(requests.get(s.deniedExport), "user:dave@example.com", DecisionKind.DENY, "no data sharing agreement with the partner");
        for (int i = 0; i < 3; i++) {
            s.decide(requests.get("stamp-" + i + "-" + s.run), "user:carol@example.com", DecisionKind.APPROVE, "ok");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> s.doc(openSearch, "countersign-audit", s.approvedExport).path("intentHash").isTextual());
        String hash = s.doc(openSearch, "countersign-audit", s.approvedExport).path("intentHash").asText();
        s.produce(Topics.EXECUTIONS, s.approvedExport, ExecutionReport.newBuilder().setIntentId(s.approvedExport).setAgentId("agent:etl")
                .setStatus(ExecutionStatus.SUCCEEDED).setExecutedHash(hash).setOutputDatasets(List.of(EXPORTED)).setRowsAffected(5_120L)
                .setReportedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(90)).until(() -> s.doc(openSearch, "countersign-audit", s.approvedExport).has("execution")
                && s.doc(openSearch, "countersign-audit", s.deniedExport).path("outcome").asText().equals("DENIED")
                && s.doc(openSearch, "countersign-audit", s.droppedTable).path("outcome").asText().equals("DENIED")
                && s.doc(openSearch, "countersign-datasets", EXPORTED).path("inheritedLabels").size() > 0
                && s.doc(openSearch, "countersign-datasets", CHURN).path("usage").path("total").asLong() == 5);
        return s;
    }

    private void intent(String id, String agent, String action, String dataset, boolean external, String reason) throws Exception {
        ActionIntent.Builder b = ActionIntent.newBuilder().setIntentId(id).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId(agent).setFramework("langgraph").build()).setPrincipal("user:alice@example.com")
                .setDelegationChain(List.of("user:alice@example.com", agent)).setAction(action).setTargets(List.of(dataset))
                .setParameters(Map.of("format", "parquet", "contact", "alice@example.com")).setReason(reason).setEnvironment("prod");
        if (external) {
            b.setDestination(Destination.newBuilder().setUri("s3://partner-bucket/drop").setExternal(true).build());
        }
        produce(Topics.INTENTS, id, b.build());
    }

    private void edge(String source, String target, String job, String transformation) throws Exception {
        String id = "edge-" + job + "-" + run;
        produce(Topics.LINEAGE, id, LineageEdge.newBuilder().setEdgeId(id).setSource(source).setTarget(target).setOrigin(EdgeOrigin.OPENLINEAGE)
                .setJob(job).setTransformation(transformation).setObservedAt(Instant.now()).build());
    }

    private void decide(ApprovalRequest req, String approver, DecisionKind kind, String reason) throws Exception {
        produce(Topics.APPROVAL_DECISIONS, req.getRequestId(), slack.sign(ApprovalDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
                .setRequestId(req.getRequestId()).setIntentId(req.getIntentId()).setIntentHash(req.getIntentHash()).setApprover(approver)
                .setDecision(kind).setReason(reason).setChannel("slack").setDecidedAt(Instant.now())
                .setAuthentication(io.countersign.schema.ApproverAuthentication.newBuilder()
                        .setMethod(io.countersign.schema.AuthenticationMethod.SLACK_SIGNED_REQUEST).build()).build()));
    }

    /** Waits for {@code n} approval requests of this run, by intent id. */
    private Map<String, ApprovalRequest> requests(int n) {
        Map<String, ApprovalRequest> out = new HashMap<>();
        try (KafkaConsumer<String, ApprovalRequest> c = new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                "seed-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed")), new StringDeserializer(), Topics.APPROVAL_REQUESTS.valueSerde(registry).deserializer())) {
            c.subscribe(List.of(Topics.APPROVAL_REQUESTS.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && r.value().getIntentId().endsWith(run)) {
                        out.put(r.value().getIntentId(), r.value());
                    }
                });
                return out.size() >= n;
            });
        }
        return out;
    }

    private <V extends SpecificRecord> void produce(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), topic.valueSerde(registry).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    JsonNode doc(OpenSearchClient openSearch, String index, String id) throws Exception {
        try (Response r = openSearch.generic().execute(Requests.builder().method("GET")
                .endpoint("/" + index + "/_doc/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)).build())) {
            if (r.getStatus() != 200) {
                return JSON.createObjectNode();
            }
            return JSON.readTree(r.getBody().orElseThrow().bodyAsBytes()).path("_source");
        }
    }
}
