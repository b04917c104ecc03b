package io.countersign.teamsbot.adapter.in;

/**
 * A request to {@code POST /api/messages} that did not prove it came from the Bot Framework for this app.
 * The message names the check that failed, for the log; it never carries the token.
 */
public final class AuthenticationException extends Exception {

    public AuthenticationException(String reason) {
        super(reason);
    }
}
