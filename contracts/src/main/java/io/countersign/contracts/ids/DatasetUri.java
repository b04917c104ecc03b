package io.countersign.contracts.ids;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dataset URI in its one canonical form, the key labels, lineage and classification use: two
 * spellings of the same dataset ({@code PG://CRM:5432/Customers/}, {@code pg://crm/customers}) parse to
 * the same value, so a label declared under one is found under the other.
 *
 * <p>{@link #parse} NFKC-normalises the text; lower-cases the scheme and maps aliases
 * ({@code postgres} → {@code pg}, {@code s3a} → {@code s3}); refuses user info (credentials must never
 * be stored); lower-cases the host, converts an internationalised host to punycode and refuses hosts
 * that mix scripts in a label; drops the scheme's default port; drops the query and the fragment;
 * decodes percent-encoding and writes it again one way (upper-case hex, unreserved characters literal),
 * refusing an encoded {@code /} or {@code \}; resolves {@code .} and {@code ..} (refusing to climb above
 * the root); collapses doubled and trailing slashes; lower-cases the path for stores whose names are
 * case-insensitive ({@link SchemeRules}). Control, invisible and whitespace characters are refused,
 * also when percent-encoded. Whatever the input, it either returns a canonical value or throws
 * {@link InvalidDatasetUriException}; a canonical value parses to itself.
 */
public final class DatasetUri {

    /** The longest URI accepted, before and after canonicalisation. */
    public static final int MAX_LENGTH = 2_048;
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

    private final String value;
    private final String scheme;

    private DatasetUri(String value, String scheme) {
        this.value = value;
        this.scheme = scheme;
    }

    /** The canonical form of {@code raw}, or {@link InvalidDatasetUriException} saying what to fix. */
    public static DatasetUri parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw UriText.refuse("is missing; write an absolute URI such as pg://crm/customers or s3://bucket/key");
        }
        if (raw.length() > MAX_LENGTH) {
            throw UriText.refuse("is longer than " + MAX_LENGTH + " characters");
        }
        UriText.requireVisible(raw, "text", false);
        String s = UriText.nfkc(raw);
        int colon = s.indexOf(':');
        String scheme = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw UriText.refuse("has no scheme; write an absolute URI such as pg://crm/customers or s3://bucket/key");
        }
        scheme = SchemeRules.canonicalScheme(scheme);
        String rest = withoutQueryAndFragment(s.substring(colon + 1));
        String canonical;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            String path = path(scheme, slash < 0 ? "" : rest.substring(slash), false);
            String host = authority(scheme, authority);
            if (host.isEmpty() && path.isEmpty()) {
                throw UriText.refuse("names neither a host nor a path, so no dataset");
            }
            canonical = scheme + "://" + host + path;
        } else if (scheme.equals("file") && rest.startsWith("/")) {
            String path = path(scheme, rest, false); // file:/data/x is file:///data/x
            if (path.isEmpty()) {
                throw UriText.refuse("names neither a host nor a path, so no dataset");
            }
            canonical = "file://" + path;
        } else if (SchemeRules.opaque(scheme)) {
            String path = path(scheme, rest, true);
            if (path.isEmpty()) {
                throw UriText.refuse("names no dataset after the scheme");
            }
            canonical = scheme + ":" + path;
        } else {
            throw UriText.refuse("must have an authority: write " + scheme + "://host/path (only arn: and urn: URIs are written without //)");
        }
        if (canonical.length() > MAX_LENGTH) {
            throw UriText.refuse("is longer than " + MAX_LENGTH + " characters once canonical");
        }
        return new DatasetUri(canonical, scheme);
    }

    /** The canonical form, or empty when {@code raw} cannot be canonicalised. */
    public static Optional<DatasetUri> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (InvalidDatasetUriException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical form of {@code raw}, or {@code raw} itself when it has none: for keys read from
     * Kafka, where a record must not be lost, and where a key that is not canonical (UPGRADING.md,
     * "Canonical dataset URIs") must still be found under its own spelling.
     */
    public static String canonicalOrRaw(String raw) {
        return tryParse(raw).map(DatasetUri::value).orElse(raw);
    }

    private static String withoutQueryAndFragment(String rest) {
        int hash = rest.indexOf('#');
        String r = hash < 0 ? rest : rest.substring(0, hash);
        int query = r.indexOf('?');
        return query < 0 ? r : r.substring(0, query);
    }

    private static String authority(String scheme, String authority) {
        if (authority.indexOf('@') >= 0) {
            throw UriText.refuse("holds user info (user@ or user:password@); credentials must never be part of a dataset URI,"
                    + " remove them and authenticate another way");
        }
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        String hostPart = colon > bracket ? authority.substring(0, colon) : authority;
        String port = colon > bracket ? authority.substring(colon + 1) : "";
        String host = HostRules.canonical(hostPart);
        if (scheme.equals("file") && host.equals("localhost")) {
            host = ""; // file://localhost/x is file:///x
        }
        if (port.isEmpty()) {
            return host;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw UriText.refuse("has a port that is not a number from 0 to 65535");
        }
        int p = Integer.parseInt(port);
        if (host.isEmpty()) {
            throw UriText.refuse("has a port but no host");
        }
        return SchemeRules.isDefaultPort(scheme, p) ? host : host + ":" + p;
    }

    /** Segments decoded, normalised, dot segments resolved, empty ones dropped; written again one way. */
    private static String path(String scheme, String path, boolean rootless) {
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.split("/", -1)) {
            String seg = UriText.nfkc(UriText.percentDecode(raw, "path"));
            if (SchemeRules.caseInsensitivePath(scheme)) {
                seg = UriText.foldCase(seg);
            }
            UriText.requireVisible(seg, "path", true);
            if (seg.startsWith(" ") || seg.endsWith(" ")) {
                throw UriText.refuse("path has a segment that starts or ends with a space; remove the space");
            }
            if (seg.indexOf('/') >= 0 || seg.indexOf('\\') >= 0) {
                throw UriText.refuse("path holds an encoded '/' or a '\\', which stores read differently; separate segments with a plain '/'");
            }
            if (seg.equals("..")) {
                if (segments.pollLast() == null) {
                    throw UriText.refuse("path climbs above its root with '..'; remove the '..' segments");
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                segments.addLast(UriText.encodeSegment(seg));
            }
        }
        String joined = String.join("/", segments);
        return rootless || joined.isEmpty() ? joined : "/" + joined;
    }

    /** The canonical URI. */
    public String value() {
        return value;
    }

    /** The canonical scheme, aliases resolved: {@code pg}, {@code s3}, {@code https}, ... */
    public String scheme() {
        return scheme;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetUri d && d.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
