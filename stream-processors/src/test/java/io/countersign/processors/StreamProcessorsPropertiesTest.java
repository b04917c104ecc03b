package io.countersign.processors;

import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.InMemorySchemaRegistryClient;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka Streams settings the pipeline runs with, and that an operator's own setting wins. */
class StreamProcessorsPropertiesTest {

    private static final KafkaSettings KAFKA = new KafkaSettings("127.0.0.1:9092", Map.of());

    @Test
    void pollsOncePerCommitIntervalSoALoneRecordsTransactionIsNotHeldByAnIdlePoll(@TempDir Path state) throws Exception {
        Properties p = StreamProcessors.properties(KAFKA, new InMemorySchemaRegistryClient(),
                StreamProcessorsConfig.builder().stateDir(state.toString()).build());
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("25");
        assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("25");
    }

    @Test
    void lingersWithinTheCommitIntervalWhichFlushesAnywayBeforeAnythingIsReadable(@TempDir Path state) throws Exception {
        String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(StreamProcessors.properties(KAFKA, new InMemorySchemaRegistryClient(),
                StreamProcessorsConfig.builder().stateDir(state.toString()).build()).get(linger)).isEqualTo("5");
        assertThat(StreamProcessors.properties(KAFKA, new InMemorySchemaRegistryClient(),
                StreamProcessorsConfig.builder().stateDir(state.toString()).commitIntervalMs(2).build()).get(linger)).isEqualTo("2");
    }

    @Test
    void anOperatorsStreamsSettingWins(@TempDir Path state) throws Exception {
        Properties p = StreamProcessors.properties(KAFKA, new InMemorySchemaRegistryClient(),
                StreamProcessorsConfig.builder().stateDir(state.toString()).streams(Map.of(StreamsConfig.POLL_MS_CONFIG, "7")).build());
        assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("7");
    }
}
