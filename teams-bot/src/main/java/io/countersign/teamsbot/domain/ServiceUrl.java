package io.countersign.teamsbot.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The base address of the Bot Connector endpoint a conversation lives on (an activity's {@code serviceUrl},
 * e.g. {@code https://smba.trafficmanager.net/emea/}). The bot's app token is sent there, so only HTTPS is
 * accepted, except plain HTTP on a loopback host (a local fake in tests). Kept without a trailing slash so
 * paths can be appended; {@link #equals} compares that normalised form.
 */
public record ServiceUrl(String value) {

    public ServiceUrl {
        Objects.requireNonNull(value, "serviceUrl");
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("serviceUrl is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("serviceUrl must be a plain https URL with a host");
        }
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException("serviceUrl must use https (http only on a loopback host)");
        }
        String s = uri.toString();
        value = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Parses {@code value}, or null when it is null or not an acceptable service URL. */
    public static ServiceUrl parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new ServiceUrl(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** This base address followed by {@code path} (which starts with a slash). */
    public URI resolve(String path) {
        return URI.create(value + path);
    }

    @Override
    public String toString() {
        return value;
    }
}
