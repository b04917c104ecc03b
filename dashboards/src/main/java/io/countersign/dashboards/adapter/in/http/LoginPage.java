package io.countersign.dashboards.adapter.in.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The sign-in page: a plain form that works without JavaScript, labelled for screen readers, with the
 * error announced. Server-rendered so nothing of the app loads before the user is known.
 */
final class LoginPage {

    private LoginPage() {
    }

    /** A path that starts with one slash, then RFC 3986 path, query and fragment characters only. */
    private static final Pattern SAME_ORIGIN_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?#]*");

    /** The sign-in page: the local users' form when there are local users, a link to the provider when {@code provider} is set. */
    static String render(String next, boolean failed, String provider, boolean localUsers) {
        String error = failed ? "<p id=\"login-error\" role=\"alert\">The user name or password is wrong, or the account is locked for a"
                + " minute after repeated failures.</p>" : "";
        String oidc = provider == null ? "" : """
                <p><a class="button" id="sign-in-oidc" href="/login/oidc?next={{NEXT_URL}}">Sign in with {{PROVIDER}}</a></p>
                """.replace("{{NEXT_URL}}", escape(URLEncoder.encode(next, StandardCharsets.UTF_8))).replace("{{PROVIDER}}", escape(provider));
        String form = !localUsers ? "" : (provider == null ? "" : "<p>Or with a local account:</p>\n") + """
                <form method="post" action="/login">
                <input type="hidden" name="next" value="{{NEXT}}">
                <label for="username">User name</label>
                <input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit" id="sign-in">Sign in</button>
                </form>
                """.replace("{{NEXT}}", escape(next));
        return page("Sign in", "<p>Sign in to search the audit log and lineage.</p>\n" + error + oidc + form);
    }

    /** A page that tells the reader something (a refused sign-in) and offers to start again. */
    static String notice(String title, String text) {
        return page(title, "<h2>" + escape(title) + "</h2>\n<p id=\"notice\" role=\"alert\">" + escape(text) + "</p>\n"
                + "<p><a href=\"/login\">Back to sign-in</a></p>\n");
    }

    static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{TITLE}} · Countersign</title>
                <style>
                body{font:16px/1.5 system-ui,sans-serif;background:#f5f6f8;color:#1b1f24;display:grid;place-items:center;min-height:100vh;margin:0}
                main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px #0002;min-width:20rem;max-width:36rem}
                h1{font-size:1.4rem;margin-top:0} h2{font-size:1.1rem} label{display:block;margin-top:1rem;font-weight:600}
                input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #6b7280;border-radius:4px}
                button,a.button{display:inline-block;margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;background:#1d4ed8;color:#fff;border:0;
                border-radius:4px;cursor:pointer;text-decoration:none}
                :focus-visible{outline:3px solid #f59e0b;outline-offset:2px} #login-error,#notice{color:#b91c1c;font-weight:600}
                dt{font-weight:600;margin-top:.5rem} dd{margin:0 0 0 1.5rem;overflow-wrap:anywhere}
                </style>
                </head>
                <body>
                <main>
                <h1>Countersign</h1>
                {{BODY}}</main>
                </body>
                </html>
                """.replace("{{TITLE}}", escape(title)).replace("{{BODY}}", body);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Only same-origin paths: {@code next} must not send a fresh session to another host. Browsers drop
     * TAB, CR and LF from URLs and read a backslash as a slash, so a TAB in {@code /<TAB>/evil.example} would be
     * {@code //evil.example}; hence an allow-list of URL path and query characters, not a deny-list.
     */
    static String safeNext(String next) {
        if (next == null || next.length() > 2_000 || !SAME_ORIGIN_PATH.matcher(next).matches()) {
            return "/";
        }
        return next;
    }
}
