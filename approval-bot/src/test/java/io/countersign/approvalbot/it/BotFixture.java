package io.countersign.approvalbot.it;

import io.countersign.approvalbot.ApprovalBot;
import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.approvalbot.FakeSlack;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.topics.Topic;
import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import io.countersign.schema.DatasetLabels;
import io.countersign.schema.Destination;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: the decision pipeline and the approval bot on the shared embedded broker and registry,
 * talking to a loopback fake of Slack in which U_CAROL and U_DAVE are data stewards, U_ALICE is the
 * principal of every intent (and a steward, to show the chain rule wins) and U_STRANGER maps to nobody.
 */
final class BotFixture implements AutoCloseable {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: pii-export
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
              - id: infra-needs-platform
                condition: intent.action.startsWith('infra.')
                effect: review
                approvers: [platform-oncall]
                quorum: 1
                ttl: 1h
              - id: pii-copy-two-stewards
                condition: intent.action == 'db.copy' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 2
                ttl: 1h
            """;

    final KafkaSettings kafka;
    final SchemaRegistryClient registry;
    final FakeSlack slack;
    final Path dir;
    private final StreamProcessors pipeline;
    /** The bot's decision key pair; the pipeline trusts it for channel slack. */
    final ChannelKeyPair slackKeys;
    private ApprovalBot bot;

    BotFixture(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        kafka = stack.kafka();
        registry = stack.registry();
        dir = Files.createTempDirectory("countersign-bot-it");
        slack = new FakeSlack(Map.of("U_CAROL", "carol@example.com", "U_DAVE", "dave@example.com", "U_ALICE", "alice@example.com",
                "U_STRANGER", "stranger@example.com"));
        slackKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "slack");
        pipeline = stack.pipeline(dir).applicationId("countersign-bot-it").trusting(slackKeys).directory("""
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com, user:alice@example.com]
                """).start(POLICY);
        produce(Topics.LABELS_DECLARED, "pg://crm/customers", DatasetLabels.newBuilder().setDataset("pg://crm/customers")
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build()))
                .setUpdatedAt(Instant.now()).build());
    }

    ApprovalBot startBot() throws Exception {
        return startBot(false, dir.resolve("slack-messages.json"));
    }

    ApprovalBot startBot(boolean directMessages, Path stateFile) throws Exception {
        bot = ApprovalBot.start(config(directMessages, stateFile), kafka, registry, YamlDirectory.load(dir.resolve("directory.yaml")),
                Clock.systemUTC()).orElseThrow();
        return bot;
    }

    /** The bot's configuration against the fake Slack, on a free port. */
    ApprovalBotConfig config(boolean directMessages, Path stateFile) {
        return new ApprovalBotConfig("xoxb-test-token", SECRET, "#countersign-approvals", directMessages,
                Map.of("platform-oncall", "#platform-approvals"), "127.0.0.1", 0,
                slack.url(), stateFile.toString(), null, slackKeys.privateKeyFile().toString(), slackKeys.keyId());
    }

    /** The bot running now (tests restart it on another port). */
    ApprovalBot bot() {
        return bot;
    }

    void stopBot() {
        bot.close();
    }

    /** An export (or another action) of PII for user:alice, with an e-mail address in its parameters. */
    void submitExport(String intentId) throws Exception {
        submit(intentId, "db.export");
    }

    void submit(String intentId, String action) throws Exception {
        produce(Topics.INTENTS, intentId, ActionIntent.newBuilder().setIntentId(intentId).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction(action).setTargets(List.of("pg://crm/customers"))
                .setDestination(Destination.newBuilder().setUri("s3://partner-drop/q3.csv").setExternal(true).build())
                .setParameters(Map.of("where", "email = 'bob@example.com'", "format", "csv"))
                .setReason("Q3 churn report; contact bob@example.com").setEnvironment("prod").build());
    }

    <V extends SpecificRecord> void produce(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), topic.valueSerde(registry).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    @Override
    public void close() {
        if (bot != null) {
            bot.close();
        }
        pipeline.close();
        slack.close();
    }
}
