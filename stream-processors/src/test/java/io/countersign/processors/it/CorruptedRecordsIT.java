package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.StreamProcessors;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.DeadLetter;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes on the intents topic: 10,000 corrupted records — a wrong magic byte, an unknown schema
 * id, truncated Avro, random garbage, and Avro whose string length prefix claims a gigabyte — mixed
 * with valid intents. Every corrupted record becomes one dead letter with its coordinates and a reason;
 * every valid intent, including one carrying a 400 KB parameter, still gets its verdict; the pipeline
 * never stops.
 */
@WithCountersignStack
class CorruptedRecordsIT {

    /** 100,000 with -Pheavy. */
    static final int CORRUPTED = Boolean.getBoolean("countersign.heavy") ? 100_000 : 10_000;
    static final int VALID = 100;
    private PipelineFixture fixture;

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void everyCorruptedRecordIsADeadLetterAndEveryValidIntentStillGetsItsVerdict() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        byte[] valid = Topics.INTENTS.valueSerde(fixture.registry).serializer().serialize(Topics.INTENTS.name(),
                PipelineFixture.intent("template").setAction("db.read").setTargets(List.of("pg://web/pages")).build());
        Random random = new Random(42);
        try (StreamProcessors pipeline = fixture.start("defaultEffect: allow\nrules: []\n");
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(fixture.kafka.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, "10")), new ByteArraySerializer(), new ByteArraySerializer())) {
            KafkaProducer<String, ActionIntent> intents = fixture.producer(Topics.INTENTS);
            Set<String> validIds = new HashSet<>();
            for (int i = 0; i < CORRUPTED; i++) {
                raw.send(new ProducerRecord<>(Topics.INTENTS.name(), ("corrupt-" + run + "-" + i).getBytes(StandardCharsets.UTF_8),
                        corrupt(i % 5, valid, random)));
                if (i % (CORRUPTED / VALID) == 0) {
                    String id = "ok-" + run + "-" + validIds.size();
                    validIds.add(id);
                    ActionIntent.Builder b = PipelineFixture.intent(id).setAction("db.read").setTargets(List.of("pg://web/pages"));
                    if (validIds.size() == 1) {
                        b.setParameters(Map.of("query", "x".repeat(400_000)));
                    }
                    intents.send(new ProducerRecord<>(Topics.INTENTS.name(), id, b.build()));
                }
            }
            raw.flush();
            intents.flush();

            KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
            List<ConsumerRecord<String, Verdict>> decided = PipelineFixture.readUntil(verdicts, Duration.ofSeconds(Boolean.getBoolean("countersign.heavy") ? 1_200 : 120),
                    read -> read.stream().map(ConsumerRecord::key).filter(validIds::contains).distinct().count() == validIds.size());
            Map<String, Long> verdictCount = decided.stream().map(ConsumerRecord::key).filter(validIds::contains)
                    .collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.stream.Collectors.counting()));
            assertThat(verdictCount.keySet()).as("every valid intent got its verdict").isEqualTo(validIds);
            assertThat(verdictCount.values()).as("exactly one verdict each").containsOnly(1L);

            KafkaConsumer<byte[], DeadLetter> deadLetters = new KafkaConsumer<>(fixture.kafka.clientProperties(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new ByteArrayDeserializer(),
                    Topics.DEAD_LETTERS.valueSerde(fixture.registry).deserializer());
            deadLetters.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            Map<String, DeadLetter> mine = new HashMap<>();
            List<ConsumerRecord<byte[], DeadLetter>> read = PipelineFixture.readUntil(deadLetters, Duration.ofSeconds(Boolean.getBoolean("countersign.heavy") ? 1_200 : 120), r -> {
                r.forEach(rec -> {
                    String key = rec.value().getKey() == null ? "" : StandardCharsets.UTF_8.decode(rec.value().getKey().duplicate()).toString();
                    if (key.startsWith("corrupt-" + run + "-")) {
                        mine.put(key, rec.value());
                    }
                });
                return mine.size() >= CORRUPTED;
            });
            assertThat(read).isNotEmpty();
            assertThat(mine).as("one dead letter per corrupted record").hasSize(CORRUPTED);
            for (DeadLetter d : mine.values()) {
                assertThat(d.getSourceTopic()).isEqualTo(Topics.INTENTS.name());
                assertThat(d.getStage()).isEqualTo("deserialize");
                assertThat(d.getReason()).isNotBlank();
            }
            assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
            deadLetters.close();
        }
    }

    /** One of five kinds of damage to a valid Confluent-framed Avro intent. */
    private static byte[] corrupt(int kind, byte[] valid, Random random) {
        switch (kind) {
            case 0 -> { // wrong magic byte
                byte[] b = valid.clone();
                b[0] = (byte) (1 + random.nextInt(255));
                return b;
            }
            case 1 -> { // a schema id the registry never issued
                byte[] b = valid.clone();
                ByteBuffer.wrap(b, 1, 4).putInt(1_000_000 + random.nextInt(1_000_000));
                return b;
            }
            case 2 -> { // truncated Avro
                byte[] b = new byte[5 + random.nextInt(valid.length - 6)];
                System.arraycopy(valid, 0, b, 0, b.length);
                return b;
            }
            case 3 -> { // random garbage
                byte[] b = new byte[random.nextInt(200)];
                random.nextBytes(b);
                return b;
            }
            default -> { // the first string's length prefix claims about a gigabyte that is not there
                byte[] b = new byte[5 + 5 + 16];
                System.arraycopy(valid, 0, b, 0, 5);
                long zigzag = (1L << 30) << 1;
                int i = 5;
                while ((zigzag & ~0x7FL) != 0) {
                    b[i++] = (byte) ((zigzag & 0x7F) | 0x80);
                    zigzag >>>= 7;
                }
                b[i] = (byte) zigzag;
                return b;
            }
        }
    }
}
