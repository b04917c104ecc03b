package io.countersign.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JettyServerTest {

    /** Answers the raw path it was asked for. */
    private static final Handler ECHO = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            Content.Sink.write(response, true, request.getHttpURI().getPath(), callback);
            return true;
        }
    };

    private static JettyServer start(Duration headerTimeout) throws Exception {
        return JettyServer.start(new JettyServer.Settings("test", "127.0.0.1", 0, 8, 2, Duration.ofSeconds(5), headerTimeout,
                Duration.ofSeconds(1), true), ECHO);
    }

    @Test
    void servesOnLoopbackWithoutVersionHeaderAndAllowsEncodedSlashesInASegment() throws Exception {
        try (JettyServer server = start(null)) {
            assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/datasets/pg%3A%2F%2Fcrm%2Fcustomers")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("/api/v1/datasets/pg%3A%2F%2Fcrm%2Fcustomers");
            assertThat(r.headers().firstValue("Server")).isEmpty();
        }
    }

    @Test
    void closesAConnectionWhoseHeadersTrickleInPastTheHeaderDeadline() throws Exception {
        try (JettyServer server = start(Duration.ofMillis(400)); Socket s = new Socket("127.0.0.1", server.url().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            InputStream in = s.getInputStream();
            int read = 0;
            try {
                for (int i = 0; i < 20 && read >= 0; i++) {
                    out.write("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII)); // a byte now and then keeps the idle timeout at bay
                    Thread.sleep(100);
                    if (in.available() > 0) {
                        read = in.read();
                    }
                }
                read = in.read();
            } catch (SocketTimeoutException stillOpen) {
                read = -2;
            } catch (IOException closed) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
