package io.countersign.dashboards.adapter.in.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built UI ({@code ui/} on the classpath: index.html, app.js, app.css), read once and served from
 * memory. Only plain file names are served — no paths — so nothing else on the classpath is reachable.
 */
final class StaticUi {

    record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    Optional<Asset> get(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}") || name.contains("..")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, StaticUi::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = StaticUi.class.getResourceAsStream("/ui/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type(name)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".map") || name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
