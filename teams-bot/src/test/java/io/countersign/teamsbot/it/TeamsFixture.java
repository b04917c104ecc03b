package io.countersign.teamsbot.it;

import com.nimbusds.jose.jwk.RSAKey;
import io.countersign.approvalbot.ApprovalBot;
import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.approvalbot.FakeSlack;
import io.countersign.approvals.adapter.out.YamlDirectory;
import io.countersign.approvals.domain.Directory;
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
import io.countersign.teamsbot.TeamsBot;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.approvals.domain.StepUpLinkConfig;
import io.countersign.approvals.domain.StepUpLinks;
import io.countersign.teamsbot.fake.BotTokens;
import io.countersign.teamsbot.fake.FakeBotFrameworkKeys;
import io.countersign.teamsbot.fake.FakeConnector;
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
 * Test fixture: the decision pipeline on the shared embedded broker and registry, the Teams bot against
 * loopback fakes of the Bot Framework's OpenID keys and of the Bot Connector (in which 29:carol and 29:dave
 * are data stewards, 29:alice is the principal of every intent and a steward too, and 29:stranger maps to
 * nobody), and, for mixed-channel tests, the Slack bot against the loopback fake of Slack with the same people.
 * The pipeline trusts the Teams and the Slack decision keys.
 */
final class TeamsFixture implements AutoCloseable {

    static final String APP_ID = "5b2c1e7e-0000-4000-8000-00000000b001";
    static final String TEAM_CHANNEL = "19:approvals@thread.tacv2";
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String POLICY = """
            defaultEffect: allow
            rules:
              - id: pii-export
                condition: intent.action == 'db.export' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 1h
              - id: pii-copy-two-stewards
                condition: intent.action == 'db.copy' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 2
                ttl: 1h
              - id: pii-delete-step-up
                condition: intent.action == 'db.delete' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                ttl: 1h
                stepUp: true
              - id: pii-purge-quick
                condition: intent.action == 'db.purge' && 'PII' in labels
                effect: review
                approvers: [data-stewards]
                quorum: 1
                ttl: 4s
            """;

    final KafkaSettings kafka;
    final SchemaRegistryClient registry;
    final FakeConnector connector;
    final FakeBotFrameworkKeys keys;
    final RSAKey signingKey = BotTokens.newKey("k1");
    final Path dir;
    final Directory directory;
    final ChannelKeyPair teamsKeys;
    final ChannelKeyPair slackKeys;
    private final StreamProcessors pipeline;
    private FakeSlack slack;

    TeamsFixture(Endpoints endpoints) throws Exception {
        ProvisionedStack stack = ProvisionedStack.provision(endpoints);
        kafka = stack.kafka();
        registry = stack.registry();
        dir = Files.createTempDirectory("countersign-teams-it");
        keys = new FakeBotFrameworkKeys();
        keys.publish(List.of(signingKey), Map.of("k1", List.of("msteams")));
        connector = new FakeConnector();
        for (String person : List.of("carol", "dave", "alice", "stranger")) {
            connector.member("29:" + person, "aad-" + person, person + "@example.com");
        }
        teamsKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "teams");
        slackKeys = ChannelKeyPair.loadOrCreate(dir.resolve("channel-keys"), "slack");
        pipeline = stack.pipeline(dir).applicationId("countersign-teams-it").trusting(teamsKeys, slackKeys).directory("""
                groups:
                  data-stewards: [user:carol@example.com, user:dave@example.com, user:alice@example.com]
                """).start(POLICY);
        directory = YamlDirectory.load(dir.resolve("directory.yaml"));
        produce(Topics.LABELS_DECLARED, "pg://crm/customers", DatasetLabels.newBuilder().setDataset("pg://crm/customers")
                .setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED).build()))
                .setUpdatedAt(Instant.now()).build());
    }

    /** The Bot Connector's address, which is also the service URL of every conversation. */
    String serviceUrl() {
        return connector.url("").toString();
    }

    /** The Teams bot posting to {@link #TEAM_CHANNEL}, keeping its state in {@code stateDir}, on a free port. */
    TeamsBot startTeams(Path stateDir) throws Exception {
        TeamsBotConfig config = new TeamsBotConfig(APP_ID, "app-secret", "tenant-1", keys.url(FakeBotFrameworkKeys.METADATA_PATH).toString(),
                connector.url("/token").toString(), "127.0.0.1", 0, serviceUrl(), "team-1", TEAM_CHANNEL, stateDir.toString(), true,
                teamsKeys.privateKeyFile().toString(), teamsKeys.keyId()).withStepUp(stepUpLinks());
        return TeamsBot.start(config, kafka, registry, directory, Clock.systemUTC());
    }

    /** The Slack bot against a loopback fake of Slack where U_CAROL, U_DAVE and U_ALICE are the same people. */
    ApprovalBot startSlack() throws Exception {
        slack = new FakeSlack(Map.of("U_CAROL", "carol@example.com", "U_DAVE", "dave@example.com", "U_ALICE", "alice@example.com"));
        ApprovalBotConfig config = new ApprovalBotConfig("xoxb-test-token", SLACK_SECRET, "#countersign-approvals", false, Map.of(),
                "127.0.0.1", 0, slack.url(), dir.resolve("slack-messages.json").toString(), null, slackKeys.privateKeyFile().toString(),
                slackKeys.keyId()).withStepUp(stepUpLinks());
        return ApprovalBot.start(config, kafka, registry, directory, Clock.systemUTC()).orElseThrow();
    }

    /** Both bots answer Approve on a step-up request with a link to this dashboards' step-up page. */
    static final String DASHBOARDS = "https://dashboards.example.com/";

    private StepUpLinkConfig stepUpLinks() throws java.io.IOException {
        return new StepUpLinkConfig(StepUpLinks.createKeyFile(dir.resolve("step-up-link.key")).toString(), DASHBOARDS, null);
    }

    FakeSlack slack() {
        return slack;
    }

    /** An intent of agent:exporter for user:alice on PII, with an e-mail address in its parameters and reason. */
    void submit(String intentId, String action) throws Exception {
        produce(Topics.INTENTS, intentId, ActionIntent.newBuilder().setIntentId(intentId).setOccurredAt(Instant.now())
                .setAgent(AgentRef.newBuilder().setId("agent:exporter").setFramework("langgraph").setOwner("user:olga@example.com").build())
                .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:exporter"))
                .setAction(action).setTargets(List.of("pg://crm/customers"))
                .setDestination(Destination.newBuilder().setUri("s3://partner-drop/q3.csv").setExternal(true).build())
                .setParameters(Map.of("where", "email = 'bob@example.com'", "format", "csv"))
                .setReason("Q3 churn report; contact bob@example.com").setEnvironment("prod").build());
    }

    private <V extends SpecificRecord> void produce(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), topic.valueSerde(registry).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    @Override
    public void close() {
        pipeline.close();
        connector.close();
        keys.close();
        if (slack != null) {
            slack.close();
        }
    }
}
