package io.countersign.lineage.adapter.out;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.lineage.domain.AuditDocuments;
import io.countersign.lineage.domain.LineageDocuments;
import io.countersign.lineage.domain.UsageDocuments;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Creates the index templates (explicit, strict mappings, from {@code index-templates/*.json}) and the
 * first index behind each alias ({@code countersign-audit} → {@code countersign-audit-000001}), so
 * mappings can later be rolled over to a new index without touching writers or readers. Idempotent.
 */
public final class IndexSetup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);
    static final List<String> ALIASES = List.of(AuditDocuments.AUDIT, AuditDocuments.EVENTS, LineageDocuments.EDGES, LineageDocuments.DATASETS,
            UsageDocuments.USAGE);

    private IndexSetup() {
    }

    public static void ensure(OpenSearchClient client) throws IOException {
        for (String alias : ALIASES) {
            String template;
            try (InputStream in = IndexSetup.class.getResourceAsStream("/index-templates/" + alias + ".json")) {
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            call(client, "PUT", "/_index_template/" + alias, template, true);
            if (call(client, "HEAD", "/_alias/" + alias, null, false) == 404) {
                int status = call(client, "PUT", "/" + alias + "-000001", "{\"aliases\": {\"" + alias + "\": {\"is_write_index\": true}}}", false);
                if (status >= 300 && status != 400) {
                    throw new IOException("creating index " + alias + "-000001 failed with HTTP " + status);
                }
                LOG.info("Created index {}-000001 behind alias {}", alias, alias);
            } else {
                // An index created by an earlier version: add the fields this version writes (additive
                // mapping changes are allowed; a conflicting one fails here, loudly, not item by item).
                String mappings = JSON.readTree(template).path("template").path("mappings").toString();
                call(client, "PUT", "/" + alias + "/_mapping", mappings, true);
            }
        }
    }

    private static int call(OpenSearchClient client, String method, String endpoint, String json, boolean mustSucceed) throws IOException {
        var builder = Requests.builder().method(method).endpoint(endpoint);
        if (json != null) {
            builder.json(json);
        }
        try (Response r = client.generic().execute(builder.build())) {
            if (mustSucceed && r.getStatus() >= 300) {
                throw new IOException(method + " " + endpoint + " failed with HTTP " + r.getStatus());
            }
            return r.getStatus();
        }
    }
}
