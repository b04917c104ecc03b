package io.countersign.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The Jetty 12 server every Countersign HTTP service runs its handler on (the ingest gateway, the
 * dashboards): a bounded, named thread pool, one HTTP/1.1 connector on the configured host (loopback
 * by default in every service's config), no {@code Server} version header, raw path segments allowed
 * to carry encoded slashes, and the connector's timeouts of {@link Settings}. Serves whatever the
 * handler answers; reads and writes no topic.
 */
public final class JettyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.class);

    /**
     * How one server is set up.
     *
     * @param name          what the server is, for thread names and log lines ("ingest", "dashboards")
     * @param host          the address to bind
     * @param port          the port (0: any free one)
     * @param maxThreads    the request thread pool's size
     * @param minThreads    threads kept when idle
     * @param idleTimeout   how long a connection may stay silent; null: Jetty's default (30 s)
     * @param headerTimeout how long a request's headers may take to arrive whole ({@link HeaderDeadline}); null: no deadline
     * @param stopTimeout   how long a stop waits for requests in flight
     * @param graceful      whether a stop first stops accepting and lets requests in flight finish
     */
    public record Settings(String name, String host, int port, int maxThreads, int minThreads, Duration idleTimeout,
                           Duration headerTimeout, Duration stopTimeout, boolean graceful) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }
    }

    private final Server server;
    private final String name;
    private final URI url;

    private JettyServer(Server server, String name, URI url) {
        this.server = server;
        this.name = name;
        this.url = url;
    }

    /** Starts {@code handler} on a server set up as {@code settings} says, listening when this returns. */
    public static JettyServer start(Settings settings, Handler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), settings.minThreads());
        threads.setName(settings.name() + "-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Dataset URIs travel percent-encoded in one path segment (pg%3A%2F%2Fcrm%2Fcustomers); the
        // services route on raw segments and decode them one by one, so encoded slashes are safe here.
        http.setUriCompliance(UriCompliance.DEFAULT.with("countersign", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        if (settings.idleTimeout() != null) {
            connector.setIdleTimeout(settings.idleTimeout().toMillis());
        }
        server.addConnector(connector);
        // Graceful: on stop, the connector stops accepting and requests in flight (long-polls included) get
        // up to the stop timeout to finish, so a rolling restart behind a load balancer drops none.
        server.setHandler(settings.graceful() ? new GracefulHandler(handler) : handler);
        server.setStopTimeout(settings.stopTimeout().toMillis());
        server.start();
        if (settings.headerTimeout() != null) {
            new HeaderDeadline(connector, settings.headerTimeout()).start();
        }
        return new JettyServer(server, settings.name(), URI.create("http://" + settings.host() + ":" + connector.getLocalPort()));
    }

    /** {@code http://host:port}, with the port actually bound. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("{} HTTP server did not stop cleanly: {}", name, e.toString());
        }
    }
}
