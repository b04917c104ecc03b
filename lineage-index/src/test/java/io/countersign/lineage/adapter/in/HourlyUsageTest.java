package io.countersign.lineage.adapter.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.lineage.domain.DatasetUse;
import io.countersign.lineage.domain.IndexOp;
import io.countersign.lineage.domain.UsageDocuments;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly usage window as the job configures it (assigner, every-use trigger, lateness, late side
 * output), driven through Flink's operator test harness with explicit watermarks.
 */
class HourlyUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-11-17T09:00:00Z").toEpochMilli();
    private KeyedOneInputStreamOperatorTestHarness<String, DatasetUse, IndexOp> harness;

    @BeforeEach
    void open() throws Exception {
        harness = create();
        harness.open();
    }

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, DatasetUse, IndexOp> create() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<IndexOp> window = HourlyUsage.window(env.fromData(use("d", "a", "db.read", "ALLOWED", 0)));
        var factory = (SimpleOperatorFactory<IndexOp>) ((OneInputTransformation<DatasetUse, IndexOp>) window.getTransformation()).getOperatorFactory();
        return new KeyedOneInputStreamOperatorTestHarness<>((OneInputStreamOperator<DatasetUse, IndexOp>) factory.getOperator(),
                HourlyUsage::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void countsEachDatasetAndAgentPerHourByKindActionAndOutcome() throws Exception {
        add(use("pg://crm/customers", "agent:a", "db.read", "ALLOWED", 1));
        add(use("pg://crm/customers", "agent:a", "db.export", "DENIED", 10));
        add(use("pg://crm/customers", "agent:b", "db.read", "ALLOWED", 20));
        add(use("pg://crm/customers", "agent:a", "db.read", "EXPIRED", 59));
        add(use("pg://crm/customers", "agent:a", "db.read", "ALLOWED", 61));

        Map<String, JsonNode> latest = latestDocuments();
        assertThat(latest).hasSize(3);
        JsonNode nine = find(latest, "agent:a", "2026-11-17T09:00:00Z");
        assertThat(nine.get("total").asLong()).isEqualTo(3);
        assertThat(nine.get("reads").asLong()).isEqualTo(2);
        assertThat(nine.get("exports").asLong()).isEqualTo(1);
        assertThat(nine.get("denials").asLong()).isEqualTo(2);
        assertThat(nine.get("hourEnd").asText()).isEqualTo("2026-11-17T10:00:00Z");
        assertThat(nine.get("actions").toString()).isEqualTo("[{\"action\":\"db.export\",\"count\":1},{\"action\":\"db.read\",\"count\":2}]");
        assertThat(nine.get("outcomes").toString())
                .isEqualTo("[{\"outcome\":\"ALLOWED\",\"count\":1},{\"outcome\":\"DENIED\",\"count\":1},{\"outcome\":\"EXPIRED\",\"count\":1}]");
        assertThat(find(latest, "agent:b", "2026-11-17T09:00:00Z").get("total").asLong()).isEqualTo(1);
        assertThat(find(latest, "agent:a", "2026-11-17T10:00:00Z").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aLateUseWithinTheLatenessUpdatesItsClosedHourAndBeyondItGoesToTheSideOutput() throws Exception {
        add(use("d", "agent:a", "db.read", "ALLOWED", 5));
        harness.processWatermark(T0 + Duration.ofHours(3).toMillis());
        add(use("d", "agent:a", "db.read", "ALLOWED", 7));
        assertThat(find(latestDocuments(), "agent:a", "2026-11-17T09:00:00Z").get("total").asLong()).isEqualTo(2);

        harness.processWatermark(T0 + Duration.ofHours(1).plus(HourlyUsage.LATENESS).plusMinutes(1).toMillis());
        add(use("d", "agent:a", "db.read", "ALLOWED", 8));
        assertThat(harness.getSideOutput(HourlyUsage.LATE)).extracting(r -> r.getValue().at).containsExactly(T0 + Duration.ofMinutes(8).toMillis());
        assertThat(find(latestDocuments(), "agent:a", "2026-11-17T09:00:00Z").get("total").asLong()).isEqualTo(2);
    }

    @Test
    void theWindowStateSurvivesASnapshotAndRestore() throws Exception {
        add(use("d", "agent:a", "db.read", "ALLOWED", 5));
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = create();
        harness.initializeState(snapshot);
        harness.open();
        add(use("d", "agent:a", "db.read", "ALLOWED", 6));
        assertThat(find(latestDocuments(), "agent:a", "2026-11-17T09:00:00Z").get("total").asLong()).isEqualTo(2);
    }

    private void add(DatasetUse u) throws Exception {
        harness.processElement(new StreamRecord<>(u, u.at));
    }

    /** The last document written per id: what the index holds after upserts. */
    private Map<String, JsonNode> latestDocuments() throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (IndexOp op : new ArrayList<>(harness.extractOutputValues())) {
            assertThat(op.index).isEqualTo(UsageDocuments.USAGE);
            byId.put(op.id, JSON.readTree(op.json));
        }
        return byId;
    }

    private static JsonNode find(Map<String, JsonNode> docs, String agent, String hour) {
        List<JsonNode> hits = docs.values().stream().filter(d -> d.get("agent").asText().equals(agent) && d.get("hour").asText().equals(hour)).toList();
        assertThat(hits).as("rollup of %s at %s", agent, hour).hasSize(1);
        return hits.get(0);
    }

    private static DatasetUse use(String dataset, String agent, String action, String outcome, int minute) {
        return DatasetUse.of(dataset, agent, action, false, outcome, T0 + Duration.ofMinutes(minute).toMillis());
    }
}
