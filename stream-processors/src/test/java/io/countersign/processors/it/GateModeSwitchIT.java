package io.countersign.processors.it;

import io.countersign.contracts.topics.Topics;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.junit.WithCountersignStack;
import io.countersign.processors.GateMode;
import io.countersign.processors.StreamProcessors;
import io.countersign.processors.testing.ProvisionedStack;
import io.countersign.schema.ActionIntent;
import io.countersign.schema.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment switches {@code stream-processors.gate} from exactly-once to first-wins and back: each gate starts where
 * the other left off in {@code countersign.intents}, so no intent is decided twice and none is skipped.
 */
@WithCountersignStack
class GateModeSwitchIT {

    static final String APPLICATION = "countersign-gate-switch-it";
    static final int PER_STEP = 200;

    private PipelineFixture fixture;
    private ProvisionedStack stack;

    @BeforeEach
    void start(Endpoints endpoints) throws Exception {
        fixture = new PipelineFixture(endpoints);
        stack = ProvisionedStack.provision(endpoints);
        // The broker holds other tests' intents: this application begins where the topics end now.
        fixture.startAtEnd(APPLICATION, List.of(Topics.INTENTS, Topics.APPROVAL_REQUESTS, Topics.APPROVAL_DECISIONS, Topics.EXECUTIONS,
                Topics.AUDIT_UNCHAINED, Topics.INTENTS_REFUSED));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void eachGateStartsWhereTheOtherLeftOffAndEveryIntentHasOneVerdict() throws Exception {
        String run = "switch-" + Long.toHexString(System.nanoTime()) + "-";
        KafkaProducer<String, ActionIntent> producer = fixture.producer(Topics.INTENTS);
        KafkaConsumer<String, Verdict> verdicts = fixture.reader(Topics.VERDICTS);
        List<ConsumerRecord<String, Verdict>> read = new ArrayList<>();
        int sent = 0;
        for (GateMode mode : List.of(GateMode.EXACTLY_ONCE, GateMode.FIRST_WINS, GateMode.EXACTLY_ONCE)) {
            try (StreamProcessors pipeline = stack.pipeline(fixture.dataDir).applicationId(APPLICATION).gate(mode)
                    .start("defaultEffect: allow\nrules: []\n")) {
                for (int i = 0; i < PER_STEP; i++, sent++) {
                    String id = run + sent;
                    producer.send(new ProducerRecord<>(Topics.INTENTS.name(), id, PipelineFixture.intent(id).setAction("db.read")
                            .setTargets(List.of("pg://web/pages")).build()));
                }
                producer.flush();
                int expected = sent;
                read.addAll(PipelineFixture.readUntil(verdicts, Duration.ofSeconds(90), got -> ours(read, run) + ours(got, run) >= expected));
                assertThat(ours(read, run)).as("verdicts once the %s gate has run", mode).isGreaterThanOrEqualTo(expected);
            }
        }
        // A little longer, so a verdict given twice would be seen.
        read.addAll(PipelineFixture.readUntil(verdicts, Duration.ofSeconds(3), got -> false));
        Map<String, Long> perIntent = read.stream().map(ConsumerRecord::key).filter(k -> k.startsWith(run))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(perIntent).hasSize(3 * PER_STEP);
        assertThat(perIntent.values()).as("no intent decided twice across the switches").containsOnly(1L);
    }

    private static long ours(List<ConsumerRecord<String, Verdict>> records, String run) {
        return records.stream().filter(r -> r.key().startsWith(run)).count();
    }
}
