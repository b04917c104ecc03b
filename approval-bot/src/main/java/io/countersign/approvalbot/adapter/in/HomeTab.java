package io.countersign.approvalbot.adapter.in;

import com.slack.api.bolt.App;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppHomeOpenedEvent;
import io.countersign.approvalbot.adapter.out.SlackClient;
import io.countersign.approvalbot.adapter.out.SlackIdentities;
import io.countersign.approvalbot.domain.RequestMessage;
import io.countersign.approvals.adapter.in.kafka.PendingApprovals;
import io.countersign.approvals.domain.ApprovalRules;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.view.Views.view;

/**
 * The App Home tab: every open request the person may decide (eligible group, not in the delegation
 * chain, not decided yet), newest first, each with Approve and Deny — the "view all pending" list.
 * Rendered when the person opens the tab ({@code app_home_opened}).
 */
public final class HomeTab {

    private static final Logger LOG = LoggerFactory.getLogger(HomeTab.class);
    /** Slack allows 100 blocks in a view; each request takes three. */
    static final int MAX_SHOWN = 30;

    private final PendingApprovals approvals;
    private final SlackIdentities identities;
    private final SlackClient slack;
    private final Directory directory;
    private final RequestMessage message;
    private final ExecutorService work;
    private final Clock clock;

    public HomeTab(PendingApprovals approvals, SlackIdentities identities, SlackClient slack, Directory directory, RequestMessage message,
                   ExecutorService work, Clock clock) {
        this.approvals = approvals;
        this.identities = identities;
        this.slack = slack;
        this.directory = directory;
        this.message = message;
        this.work = work;
        this.clock = clock;
    }

    public void register(App app) {
        app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
            String user = payload.getEvent().getUser();
            work.submit(() -> publish(user));
            return ctx.ack();
        });
    }

    void publish(String user) {
        try {
            Optional<Identity> who = identities.of(user);
            List<LayoutBlock> blocks = new ArrayList<>();
            blocks.add(header(h -> h.text(plainText("Waiting for your decision"))));
            if (who.isEmpty()) {
                blocks.add(section(s -> s.text(markdownText("Your Slack e-mail maps to no one in Countersign's approver directory."))));
            } else {
                var mine = approvals.all().stream()
                        .filter(p -> ApprovalRules.mayDecide(p.request(), p.decidedBy(), who.get(), directory))
                        .limit(MAX_SHOWN).toList();
                if (mine.isEmpty()) {
                    blocks.add(section(s -> s.text(markdownText("Nothing is waiting for you."))));
                }
                mine.forEach(p -> blocks.addAll(message.homeEntry(p.request(), approvals.decisionsOn(p.request().getRequestId()),
                        clock.instant())));
            }
            slack.publishHome(user, view(v -> v.type("home").blocks(blocks)));
        } catch (SlackClient.SlackFailure e) {
            LOG.warn("App Home of {} not published: {}", user, e.error());
        }
    }
}
