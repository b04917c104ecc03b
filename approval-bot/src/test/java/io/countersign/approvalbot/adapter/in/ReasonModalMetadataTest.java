package io.countersign.approvalbot.adapter.in;

import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reason modal brings back the request it was opened for, also when the intent id holds a '|'. */
class ReasonModalMetadataTest {

    @Test
    void theModalCarriesDecisionRequestAndChannelThroughSlack() {
        String sent = DecisionHandlers.reasonModal(DecisionKind.DENY, "ar-order|42", "C0123").getPrivateMetadata();
        assertThat(sent).isEqualTo("DENY|ar-order|42|C0123");
        assertThat(ReasonModalMetadata.parse(sent)).isEqualTo(new ReasonModalMetadata(DecisionKind.DENY, "ar-order|42", "C0123"));
    }

    @Test
    void aClickOutsideAChannelComesBackWithoutOne() {
        String sent = DecisionHandlers.reasonModal(DecisionKind.APPROVE, "ar-i-1", null).getPrivateMetadata();
        assertThat(sent).as("the text form modals already open carry").isEqualTo("APPROVE|ar-i-1|null");
        assertThat(ReasonModalMetadata.parse(sent)).isEqualTo(new ReasonModalMetadata(DecisionKind.APPROVE, "ar-i-1", null));
    }

    @Test
    void otherMetadataIsRefused() {
        assertThatThrownBy(() -> ReasonModalMetadata.parse("DENY|ar-i-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReasonModalMetadata.parse("MAYBE|ar-i-1|C1")).isInstanceOf(IllegalArgumentException.class);
    }
}
