package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenSearch Dashboards saved objects: each parses, every reference resolves, every field a
 * search or visualisation uses exists in Countersign's index templates; and the importer talks the
 * saved objects API (multipart upload with the XSRF header, errors reported per object).
 */
class SavedObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> objects() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (String file : SavedObjectsImporter.FILES) {
            for (String line : new String(SavedObjectsImporter.read(file), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    all.add(JSON.readTree(line));
                }
            }
        }
        return all;
    }

    @Test
    void referencesResolveInLoadOrderAndThereIsADashboardPerPage() throws Exception {
        Set<String> seen = new HashSet<>();
        List<String> dashboards = new ArrayList<>();
        for (JsonNode o : objects()) {
            for (JsonNode ref : o.path("references")) {
                assertThat(seen).as("%s %s refers to %s, loaded before it", o.path("type").asText(), o.path("id").asText(), ref.path("id").asText())
                        .contains(ref.path("type").asText() + "/" + ref.path("id").asText());
            }
            assertThat(seen.add(o.path("type").asText() + "/" + o.path("id").asText())).as("unique id %s", o.path("id").asText()).isTrue();
            if (o.path("type").asText().equals("dashboard")) {
                dashboards.add(o.path("attributes").path("title").asText());
                assertThat(JSON.readTree(o.path("attributes").path("panelsJSON").asText())).hasSize(o.path("references").size());
            }
        }
        assertThat(dashboards).containsExactlyInAnyOrder("Countersign · Audit search", "Countersign · Intent timeline", "Countersign · Datasets",
                "Countersign · Agents", "Countersign · Approvals");
    }

    @Test
    void everyFieldUsedExistsInTheIndexTemplates() throws Exception {
        Map<String, String> patternOf = new HashMap<>();
        List<JsonNode> all = objects();
        all.stream().filter(o -> o.path("type").asText().equals("index-pattern"))
                .forEach(o -> patternOf.put(o.path("id").asText(), o.path("attributes").path("title").asText()));
        int checked = 0;
        for (JsonNode o : all) {
            String type = o.path("type").asText();
            if (!type.equals("search") && !type.equals("visualization")) {
                continue;
            }
            String index = patternOf.get(o.path("references").get(0).path("id").asText());
            JsonNode mapping = template(index);
            List<String> fields = new ArrayList<>();
            if (type.equals("search")) {
                o.path("attributes").path("columns").forEach(c -> fields.add(c.asText()));
                o.path("attributes").path("sort").forEach(s -> fields.add(s.get(0).asText()));
            } else {
                for (JsonNode agg : JSON.readTree(o.path("attributes").path("visState").asText()).path("aggs")) {
                    if (agg.path("params").has("field")) {
                        fields.add(agg.path("params").path("field").asText());
                    }
                }
            }
            for (String field : fields) {
                assertThat(exists(mapping, field)).as("%s uses %s.%s", o.path("id").asText(), index, field).isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void theImporterUploadsEachFileWithTheXsrfHeaderAndReportsRefusedObjects() throws Exception {
        List<String> uploads = new ArrayList<>();
        HttpServer osd = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        osd.createContext("/api/saved_objects/_import", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = "true".equals(exchange.getRequestHeaders().getFirst("osd-xsrf"))
                    && exchange.getRequestURI().getQuery().equals("overwrite=true")
                    && exchange.getRequestHeaders().getFirst("Content-Type").startsWith("multipart/form-data; boundary=");
            uploads.add(body);
            long lines = body.lines().filter(l -> l.startsWith("{")).count();
            String answer = !ok ? "{\"statusCode\":400}" : body.contains("filename=\"approvals.ndjson\"")
                    ? "{\"success\":false,\"successCount\":" + (lines - 1) + ",\"errors\":[{\"id\":\"cs-vis-ttd-by-rule\",\"type\":\"visualization\","
                    + "\"error\":{\"type\":\"conflict\"}}]}"
                    : "{\"success\":true,\"successCount\":" + lines + "}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 400, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        osd.start();
        try {
            List<String> progress = new ArrayList<>();
            SavedObjectsImporter.Result r = new SavedObjectsImporter(URI.create("http://127.0.0.1:" + osd.getAddress().getPort()))
                    .importAll(progress::add);
            assertThat(uploads).hasSize(SavedObjectsImporter.FILES.size());
            assertThat(uploads.get(0)).contains("filename=\"index-patterns.ndjson\"").contains("\"type\":\"index-pattern\"");
            assertThat(r.loaded()).isEqualTo(objects().size() - 1);
            assertThat(r.errors()).containsExactly("approvals.ndjson: visualization cs-vis-ttd-by-rule: conflict");
            assertThat(progress).hasSize(SavedObjectsImporter.FILES.size());
        } finally {
            osd.stop(0);
        }
    }

    private static JsonNode template(String index) throws Exception {
        try (InputStream in = SavedObjectsTest.class.getResourceAsStream("/index-templates/" + index + ".json")) {
            assertThat(in).as("index template for %s", index).isNotNull();
            return JSON.readTree(in).path("template").path("mappings");
        }
    }

    private static boolean exists(JsonNode mapping, String dotted) {
        JsonNode node = mapping;
        for (String part : dotted.split("\\.")) {
            node = node.path("properties").path(part);
            if (node.isMissingNode()) {
                return false;
            }
        }
        return true;
    }
}
