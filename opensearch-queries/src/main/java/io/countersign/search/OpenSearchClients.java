package io.countersign.search;

import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import java.net.URI;

/** Builds opensearch-java clients (Apache HttpClient 5 transport) from a URL such as http://127.0.0.1:9200. */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static OpenSearchClient create(String url) {
        URI u = URI.create(url);
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(new HttpHost(u.getScheme(), u.getHost(), u.getPort())).build());
    }
}
