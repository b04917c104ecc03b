package io.countersign.processors;

import io.countersign.config.KafkaSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the Kafka Streams applications of the decision pipeline (one, or two behind the first-wins gate): a failed
 * stream thread is replaced, and a start returns only once the application runs.
 */
final class StreamsApps {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApps.class);

    private StreamsApps() {
    }

    /** Starts {@code topology} as a Kafka Streams application and waits until it runs; closes it and throws if it does not. */
    static KafkaStreams start(Topology topology, Properties props, KafkaSettings kafka, Duration startTimeout) {
        String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> first = new AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                first.compareAndSet(null, now);
                settled.countDown();
            }
        });
        streams.start();
        boolean inTime;
        try {
            inTime = settled.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streams.close(Duration.ofSeconds(10));
            throw new IllegalStateException("Interrupted while starting the decision pipeline", e);
        }
        if (!inTime || first.get() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            streams.close(Duration.ofSeconds(10));
            throw new IllegalStateException("Decision pipeline " + applicationId + " did not reach RUNNING within " + startTimeout + " (state " + state
                    + "); check that Kafka at " + kafka.bootstrapServers() + " is reachable and the topics exist (countersign init)");
        }
        LOG.info("Decision pipeline {} is running", applicationId);
        return streams;
    }
}
