package io.countersign.search;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import java.net.URI;
import java.time.Duration;

/** Builds opensearch-java clients (Apache HttpClient 5 transport) from a URL such as http://127.0.0.1:9200. */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static OpenSearchClient create(String url) {
        URI u = URI.create(url);
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(new HttpHost(u.getScheme(), u.getHost(), u.getPort())).build());
    }

    /** A client whose connects and reads each give up after {@code timeout}: for callers with a time budget. */
    public static OpenSearchClient create(String url, Duration timeout) {
        URI u = URI.create(url);
        Timeout t = Timeout.of(timeout);
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(new HttpHost(u.getScheme(), u.getHost(), u.getPort()))
                .setHttpClientConfigCallback(b -> b.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build()).build()))
                .setRequestConfigCallback(b -> b.setConnectionRequestTimeout(t).setResponseTimeout(t))
                .build());
    }
}
