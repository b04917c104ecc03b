package io.countersign.teamsbot.application;

import io.countersign.teamsbot.domain.Activity;

/**
 * The inbound port: what the bot does with an activity that passed authentication on
 * {@code POST /api/messages}. Called synchronously on the request thread, so an {@code adaptiveCard/action}
 * invoke can be answered with the updated card in the same HTTP response, as Teams expects. Nothing is
 * called for a request that failed authentication.
 */
public interface ActivityHandler {

    /** Handles {@code activity}; the answer becomes the HTTP response to Teams. */
    Reply handle(Activity activity) throws Exception;
}
