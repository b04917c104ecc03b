package io.countersign.contracts.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client for the Confluent Schema Registry REST API, over the JDK's HTTP client. Works with
 * Confluent Schema Registry and with compatible APIs such as Apicurio's {@code /apis/ccompat/v7}.
 *
 * <p>Schemas by id are cached forever (ids are immutable), and registrations per (subject, schema), so
 * serializers make one HTTP call per schema rather than per record. Logs subjects and ids, never schemas.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String MEDIA = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private static final Duration MISSING_TTL = Duration.ofSeconds(30);
    private final Map<Integer, Long> missing = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registered = new ConcurrentHashMap<>();
    private final Map<Schema, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> found = new ConcurrentHashMap<>();

    /** Cache key; Avro caches a schema's hash code, so this is cheap to look up. */
    private record SubjectSchema(String subject, Schema schema) {
    }

    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, null, null);
    }

    public HttpSchemaRegistryClient(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofSeconds(10);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = registered.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode body = call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = body.path("id").asInt();
        byId.putIfAbsent(id, schema);
        registered.put(key, id);
        idBySchema.putIfAbsent(schema, id);
        LOG.debug("Registered schema for subject {} as id {}", subject, id);
        return id;
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = found.get(key);
        if (cached != null) {
            return Optional.of(cached); // only hits are cached: a schema registered later must be found
        }
        try {
            JsonNode body = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
            RegisteredSchema hit = registeredSchema(body, subject);
            found.put(key, hit);
            idBySchema.putIfAbsent(schema, hit.id());
            return Optional.of(hit);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Integer> knownId(Schema schema) {
        return Optional.ofNullable(idBySchema.get(schema));
    }

    @Override
    public Schema getById(int id) {
        Schema known = byId.get(id);
        if (known != null) {
            return known;
        }
        // Records naming ids the registry does not have (corrupt or hostile) must not cost a registry
        // round trip each: a missing id is remembered for a while (ids are issued before they are used).
        Long missingUntil = missing.get(id);
        if (missingUntil != null && missingUntil > System.nanoTime()) {
            throw new SchemaRegistryException(404, 40403, "schema id " + id + " is not in the registry (checked in the last "
                    + MISSING_TTL.toSeconds() + " s)");
        }
        try {
            return byId.computeIfAbsent(id, k -> new Schema.Parser().parse(call("GET", "/schemas/ids/" + k, null).path("schema").asText()));
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                if (missing.size() > 10_000) {
                    missing.clear();
                }
                missing.put(id, System.nanoTime() + MISSING_TTL.toNanos());
            }
            throw e;
        }
    }

    @Override
    public Optional<RegisteredSchema> latest(String subject) {
        try {
            return Optional.of(registeredSchema(call("GET", "/subjects/" + enc(subject) + "/versions/latest", null), subject));
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema))
                    .path("is_compatible").asBoolean();
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                return true; // nothing registered yet: anything is compatible with nothing
            }
            throw e;
        }
    }

    @Override
    public String compatibility(String subjectOrNull) {
        String path = subjectOrNull == null ? "/config" : "/config/" + enc(subjectOrNull) + "?defaultToGlobal=true";
        JsonNode body = call("GET", path, null);
        return body.has("compatibilityLevel") ? body.path("compatibilityLevel").asText() : body.path("compatibility").asText();
    }

    @Override
    public void setCompatibility(String subjectOrNull, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", subjectOrNull == null ? "/config" : "/config/" + enc(subjectOrNull), body.toString());
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    private RegisteredSchema registeredSchema(JsonNode body, String subject) {
        int id = body.path("id").asInt();
        Schema schema = byId.computeIfAbsent(id, k -> new Schema.Parser().parse(body.path("schema").asText()));
        return new RegisteredSchema(subject, id, body.path("version").asInt(), schema);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Accept", MEDIA)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", MEDIA);
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " is unreachable (" + e.getClass().getSimpleName()
                    + "); check registry.url and that the registry is running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted calling the schema registry at " + baseUrl, e);
        }
        JsonNode json = parse(resp.body());
        if (resp.statusCode() >= 400) {
            int code = json.path("error_code").asInt(resp.statusCode());
            String message = json.path("message").asText("HTTP " + resp.statusCode());
            throw new SchemaRegistryException(resp.statusCode(), code,
                    method + " " + baseUrl + path.replaceAll("\\?.*", "") + " failed: " + resp.statusCode() + " (error_code " + code + "): " + message);
        }
        return json;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
