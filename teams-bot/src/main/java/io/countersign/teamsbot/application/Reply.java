package io.countersign.teamsbot.application;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP answer to one activity: a status and, for invokes, the invoke response body (for
 * {@code adaptiveCard/action}: {@code {"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":card}}).
 *
 * @param status the HTTP status (200 for a handled activity)
 * @param body   the JSON body, or null for none
 */
public record Reply(int status, JsonNode body) {

    /** 200 with no body: the usual answer to a message or conversation update. */
    public static final Reply OK = new Reply(200, null);

    public Reply {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }
}
