package io.countersign.bench.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.approvals.domain.Identity;
import io.countersign.bench.BenchStack;
import io.countersign.config.KafkaSettings;
import io.countersign.contracts.registry.SchemaRegistryClient;
import io.countersign.contracts.topics.Topics;
import io.countersign.ingest.IngestConfig;
import io.countersign.ingest.IngestGateway;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.IntentRequest;
import io.countersign.ingest.domain.IntentValidator;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import io.countersign.schema.ActionIntent;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/intents} throughput and latency with HTTP keep-alive from a closed-loop load generator
 * on loopback (wrk in its own process when it is installed, and the JDK HttpClient in this JVM), next to producing the same intents straight to Kafka with the same producer settings
 * (idempotent, acks=all, one acknowledged record per request) and the same concurrency, in the same run.
 */
public final class GatewayThroughputBench {

    /**
     * One path's figures as its client saw them, and, for the gateway, the gateway's own mean time per request and mean
     * wait for Kafka's acknowledgement over the same measured stretch ({@link ServerTimes}; NaN for the direct producer).
     */
    public record PathResult(String path, double requestsPerSecond, double p50Ms, double p99Ms, double p999Ms, long errors, double meanMs,
                             double gatewayMs, double kafkaAckMs) {
        PathResult(String path, double requestsPerSecond, double p50Ms, double p99Ms, double p999Ms, long errors, double meanMs) {
            this(path, requestsPerSecond, p50Ms, p99Ms, p999Ms, errors, meanMs, Double.NaN, Double.NaN);
        }

        PathResult withServer(ServerTimes t) {
            return new PathResult(path, requestsPerSecond, p50Ms, p99Ms, p999Ms, errors, meanMs, t.requestMs(), t.writeMs());
        }
    }

    /** Runs when a path's warm-up ends and its measured stretch begins. */
    interface Mark {
        void run() throws Exception;
    }

    private static final String BODY = "{\"action\": \"db.read\", \"principal\": \"user:alice@example.com\", \"targets\": [\"pg://web/pages\"],"
            + " \"parameters\": {\"format\": \"csv\"}, \"reason\": \"bench\", \"framework\": \"bench\"}";

    private GatewayThroughputBench() {
    }

    public static List<PathResult> run(int concurrency, Duration warmup, Duration measure, PrintWriter progress) throws Exception {
        try (BenchStack bench = BenchStack.start("ingest")) {
            KafkaSettings kafka = bench.kafka();
            SchemaRegistryClient registry = bench.registry();
            String key = ApiKeys.generate();
            Credential agent = new Credential("key-bench", Identity.of("agent:bench"), Identity.of("user:olga@example.com"), Set.of(Role.AGENT),
                    null, Principals.parse(List.of("user:alice@example.com")));
            ApiKeys keys = new ApiKeys(Map.of(ApiKeys.hash(key), agent));
            List<PathResult> results = new ArrayList<>();
            try (KafkaProducer<String, ActionIntent> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.LINGER_MS_CONFIG, "1")),
                    new StringSerializer(), Topics.INTENTS.valueSerde(registry).serializer())) {
                IntentValidator validator = new IntentValidator(Clock.systemUTC());
                IntentRequest request = new ObjectMapper().readValue(BODY, IntentRequest.class);
                progress.printf("  direct Kafka producer, %d concurrent: warming up %ds, measuring %ds%n", concurrency, warmup.toSeconds(), measure.toSeconds());
                results.add(closedLoop("kafka-producer", concurrency, warmup, measure, () -> { }, () -> {
                    ActionIntent intent = validator.validate(request, agent, null);
                    producer.send(new ProducerRecord<>(Topics.INTENTS.name(), intent.getIntentId(), intent)).get();
                    return true;
                }));
            }
            try (IngestGateway gateway = IngestGateway.start(IngestConfig.DEFAULTS.withPort(0).withRate(1e9, 1_000_000_000), kafka, registry, keys,
                    Clock.systemUTC())) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI base = gateway.url();
                ServerTimes[] before = new ServerTimes[1];
                Mark mark = () -> before[0] = ServerTimes.scrape(http, base);
                if (Wrk.available()) {
                    progress.printf("  gateway POST /v1/intents with wrk, %d connections: warming up %ds, measuring %ds%n", concurrency,
                            warmup.toSeconds(), measure.toSeconds());
                    PathResult wrk = Wrk.post("gateway-http (wrk)", base.resolve("/v1/intents"), key, BODY, concurrency, warmup,
                            measure, mark);
                    results.add(wrk.withServer(ServerTimes.scrape(http, base).since(before[0])));
                }
                HttpRequest post = HttpRequest.newBuilder(base.resolve("/v1/intents")).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
                progress.printf("  gateway POST /v1/intents with the JDK HttpClient in this JVM, %d concurrent: warming up %ds, measuring %ds%n",
                        concurrency, warmup.toSeconds(), measure.toSeconds());
                PathResult jdk = closedLoop("gateway-http (JDK client)", concurrency, warmup, measure, mark,
                        () -> http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode() == 202);
                results.add(jdk.withServer(ServerTimes.scrape(http, base).since(before[0])));
            }
            return results;
        }
    }

    /** One call of a path; false counts as an error. */
    interface Call {
        boolean call() throws Exception;
    }

    private static PathResult closedLoop(String name, int concurrency, Duration warmup, Duration measure, Mark atMeasureStart, Call call)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        recorder.recordValue(Math.max(1, (t1 - t0) / 1_000));
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                }
            }, "bench-" + name + "-" + t);
            thread.start();
            threads.add(thread);
        }
        // Calls that started before measureFrom are not recorded at all, so no reset is needed.
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        atMeasureStart.run();
        for (Thread t : threads) {
            t.join();
        }
        Histogram h = recorder.getIntervalHistogram();
        double seconds = measure.toNanos() / 1e9;
        return new PathResult(name, h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, errors.get(), h.getMean() / 1000.0);
    }
}
