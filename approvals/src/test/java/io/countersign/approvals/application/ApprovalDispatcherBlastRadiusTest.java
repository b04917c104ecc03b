package io.countersign.approvals.application;

import io.countersign.approvals.adapter.out.JsonPostedMessages;
import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.ApprovalCard;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.schema.DatasetClassification;
import io.countersign.schema.LabelEntry;
import io.countersign.schema.LabelSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher shows the blast radius of a request's targets, and posts the request when the index cannot say. */
class ApprovalDispatcherBlastRadiusTest extends DispatcherFixture {

    private final List<List<String>> asked = new ArrayList<>();

    private ApprovalDispatcher dispatcher(BlastRadiusLookup lookup) {
        return new ApprovalDispatcher(channel, views, new JsonPostedMessages(dir.resolve("posted.json")), clock, true, Duration.ofSeconds(60),
                datasets -> {
                    asked.add(datasets);
                    return lookup.of(datasets);
                });
    }

    private void requested(String id) {
        views.requested(ApprovalRequests.request(id, false).setClassification(List.of(DatasetClassification.newBuilder()
                .setDataset("pg://crm/customers").setLabels(List.of(LabelEntry.newBuilder().setLabel("PII").setSource(LabelSource.DECLARED)
                        .setProvenance(List.of()).setVia(List.of()).build())).build())).build());
    }

    @Test
    void thePostedCardCarriesTheBlastRadiusOfItsTargetsAskedOnlyWhenSomethingIsShown() {
        BlastRadius radius = new BlastRadius.Known(14, 3, false, Map.of("PII", 2), 5, 30);
        ApprovalDispatcher dispatcher = dispatcher(datasets -> Optional.of(radius));
        requested("ar-b1");

        dispatcher.run();
        dispatcher.run();

        assertThat(channel.calls).containsExactly("post ar-b1");
        assertThat(channel.cards.get(0).blastRadius()).isEqualTo(radius);
        assertThat(asked).containsExactly(List.of("pg://crm/customers"));
    }

    @Test
    void aLookupThatFailsStillPostsTheRequestSayingTheIndexIsUnreachable() {
        ApprovalDispatcher dispatcher = dispatcher(datasets -> {
            throw new IllegalStateException("connection refused");
        });
        requested("ar-b2");

        dispatcher.run();

        assertThat(channel.calls).containsExactly("post ar-b2");
        assertThat(channel.cards.get(0).blastRadius().line()).isEqualTo("blast radius unavailable (lineage index unreachable)");
    }

    @Test
    void withoutALineageIndexTheCardHasNoBlastRadius() {
        dispatcher(BlastRadiusLookup.NONE).run();
        requested("ar-b3");
        dispatcher(BlastRadiusLookup.NONE).run();

        ApprovalCard posted = channel.cards.get(0);
        assertThat(posted.blastRadius()).isNull();
        assertThat(posted.targets()).hasSize(1);
    }
}
