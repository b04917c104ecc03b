package io.countersign.sdk;

import java.util.Objects;

/**
 * Where the data of an intent goes, for example {@code s3://partner/x.csv}. {@code external} tells
 * policy that the destination leaves the organisation, which usually raises the bar for approval.
 */
public final class Destination {
    private final String uri;
    private final boolean external;

    Destination(String uri, boolean external) {
        this.uri = uri;
        this.external = external;
    }

    /** The destination URI. */
    public String uri() {
        return uri;
    }

    /** True when the destination is outside the organisation. */
    public boolean external() {
        return external;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Destination)) {
            return false;
        }
        Destination d = (Destination) o;
        return external == d.external && uri.equals(d.uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, external);
    }

    @Override
    public String toString() {
        return "Destination{uri=" + uri + ", external=" + external + "}";
    }
}
