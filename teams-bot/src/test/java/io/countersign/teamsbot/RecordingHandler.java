package io.countersign.teamsbot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.countersign.teamsbot.application.ActivityHandler;
import io.countersign.teamsbot.application.Reply;
import io.countersign.teamsbot.domain.Activity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link ActivityHandler} that records what it is handed and answers invokes with a small JSON body. */
final class RecordingHandler implements ActivityHandler {

    final List<Activity> received = new CopyOnWriteArrayList<>();

    @Override
    public Reply handle(Activity activity) {
        received.add(activity);
        return activity.isAdaptiveCardAction()
                ? new Reply(200, JsonNodeFactory.instance.objectNode().put("statusCode", 200).put("type", "recorded"))
                : Reply.OK;
    }
}
