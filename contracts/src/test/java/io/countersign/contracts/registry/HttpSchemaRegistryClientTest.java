package io.countersign.contracts.registry;

import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks the client's HTTP conversation against a loopback fake registry. */
class HttpSchemaRegistryClientTest {

    private record Call(String method, String path, String contentType, String body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HttpSchemaRegistryClient client;
    private final Schema schema = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("id").endRecord();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            calls.add(new Call(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Content-Type"), body));
            int status;
            String reply;
            if (path.equals("/subjects/things%20v1-value/versions") && ex.getRequestMethod().equals("POST")) {
                status = 200;
                reply = "{\"id\":42}";
            } else if (path.equals("/schemas/ids/7")) {
                status = 404;
                reply = "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}";
            } else if (path.equals("/subjects/bad-value/versions")) {
                status = 409;
                reply = "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}";
            } else if (path.equals("/subjects/missing-value/versions/latest")) {
                status = 404;
                reply = "{\"error_code\":40401,\"message\":\"Subject not found\"}";
            } else {
                status = 500;
                reply = "{}";
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        client = new HttpSchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void registerPostsTheSchemaOnceAndCaches() {
        assertThat(client.register("things v1-value", schema)).isEqualTo(42);
        assertThat(client.register("things v1-value", schema)).isEqualTo(42);

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("POST");
            assertThat(c.path()).isEqualTo("/subjects/things%20v1-value/versions");
            assertThat(c.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(new Schema.Parser().parse(schemaField(c.body()))).isEqualTo(schema);
        });
    }

    private static String schemaField(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("schema").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void errorsCarryStatusAndErrorCode() {
        assertThatThrownBy(() -> client.getById(7)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(40403);
            assertThat(e.getMessage()).contains("Schema 7 not found");
        });
        assertThatThrownBy(() -> client.register("bad-value", schema)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThat(client.latest("missing-value")).isEmpty();
    }

    @Test
    void unreachableRegistryNamesTheUrl() {
        HttpSchemaRegistryClient dead = new HttpSchemaRegistryClient("http://127.0.0.1:1");
        assertThatThrownBy(() -> dead.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("http://127.0.0.1:1").contains("registry.url");
        });
    }
}
