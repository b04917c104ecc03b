package io.countersign.embedded;

import io.countersign.embedded.junit.WithCountersignStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.SearchResponse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each embedded service does its real job: Kafka with transactions, OpenSearch search, the registry's API. */
@WithCountersignStack
class EmbeddedStackIT {

    @Test
    void kafkaCommitsTransactionsVisibleToReadCommittedConsumers(Endpoints e) throws Exception {
        String topic = "it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx-" + UUID.randomUUID()), new StringSerializer(), new StringSerializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "k", "aborted"));
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "k", "committed"));
            p.commitTransaction();
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap(), ConsumerConfig.GROUP_ID_CONFIG, "it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            }
        }
        assertThat(seen).containsExactly("committed");
    }

    @Test
    void openSearchIndexesAndFindsADocument(EmbeddedStack stack) throws Exception {
        OpenSearchClient client = stack.openSearch().client();
        client.index(i -> i.index("it-docs").id("1").document(Map.of("action", "db.export", "agent", "agent:exporter")).refresh(
                org.opensearch.client.opensearch._types.Refresh.True));
        SearchResponse<Map> found = client.search(s -> s.index("it-docs")
                .query(q -> q.match(m -> m.field("action").query(v -> v.stringValue("db.export")))), Map.class);
        assertThat(found.hits().hits()).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo("1");
            assertThat(h.source()).containsEntry("agent", "agent:exporter");
        });
    }

    @Test
    void registrySpeaksTheConfluentApiAndRejectsIncompatibleSchemas(Endpoints e) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String subject = e.registryUrl() + "/subjects/it-" + UUID.randomUUID() + "-value";
        String v1 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
        String v2 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}\"}";
        HttpResponse<String> first = post(http, subject + "/versions", v1);
        HttpResponse<String> again = post(http, subject + "/versions", v1);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(subject.replace("/subjects/", "/config/")))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(post(http, subject + "/versions", v2).statusCode()).isEqualTo(409);
    }

    @Test
    void aTakenPortIsReportedWithTheServiceAndTheOptionToChange(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackOptions options = new StackOptions(dir, taken.getLocalPort(), 0, 0, true, false, false);
            assertThatThrownBy(() -> EmbeddedStack.start(options))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("Kafka")
                    .hasMessageContaining("--kafka-port");
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
