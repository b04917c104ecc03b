package io.countersign.contracts.signing;

import io.countersign.contracts.signing.ChannelKeys.ChannelKey;
import io.countersign.contracts.signing.ChannelKeys.Kind;
import io.countersign.schema.ApprovalDecision;
import io.countersign.schema.ApproverAuthentication;
import io.countersign.schema.AuthenticationMethod;
import io.countersign.schema.DecisionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionSignatureTest {

    private final KeyPair slackPair = Ed25519Keys.generate();
    private final KeyPair apiPair = Ed25519Keys.generate();
    private final String slackId = ChannelKeys.keyId("slack", slackPair.getPublic());
    private final String apiId = ChannelKeys.keyId("api", apiPair.getPublic());
    private final DecisionSignature.Signer slack = new DecisionSignature.Signer(slackId, slackPair.getPrivate());
    private final ChannelKeys trusted = new ChannelKeys(List.of(new ChannelKey(slackId, "slack", slackPair.getPublic()),
            new ChannelKey(apiId, "api", apiPair.getPublic())));

    private static ApprovalDecision decision(String channel) {
        return ApprovalDecision.newBuilder().setDecisionId("d-1").setRequestId("r-1").setIntentId("i-1").setIntentHash("ab".repeat(32))
                .setApprover("user:bob@example.com").setDecision(DecisionKind.APPROVE).setReason("looks fine").setChannel(channel)
                .setChannelUserId("U123").setDecidedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    @Test
    void aDecisionSignedByItsChannelsKeyIsAccepted() {
        ApprovalDecision signed = slack.sign(decision("slack"));
        assertThat(signed.getSigningKeyId()).isEqualTo(slackId).startsWith("slack-");
        assertThat(trusted.check(signed)).isEmpty();
    }

    @Test
    void everySignedFieldIsCovered() {
        ApprovalDecision signed = slack.sign(decision("slack"));
        List<ApprovalDecision> changed = List.of(
                ApprovalDecision.newBuilder(signed).setDecisionId("d-2").build(),
                ApprovalDecision.newBuilder(signed).setRequestId("r-2").build(),
                ApprovalDecision.newBuilder(signed).setIntentId("i-2").build(),
                ApprovalDecision.newBuilder(signed).setIntentHash("cd".repeat(32)).build(),
                ApprovalDecision.newBuilder(signed).setApprover("user:mallory@example.com").build(),
                ApprovalDecision.newBuilder(signed).setDecision(DecisionKind.DENY).build(),
                ApprovalDecision.newBuilder(signed).setReason(null).build(),
                ApprovalDecision.newBuilder(signed).setChannelUserId("U999").build(),
                ApprovalDecision.newBuilder(signed).setDecidedAt(Instant.ofEpochMilli(1_700_000_000_001L)).build());
        for (ApprovalDecision d : changed) {
            assertThat(trusted.check(d)).map(ChannelKeys.Failure::kind).contains(Kind.BAD_SIGNATURE);
        }
    }

    @Test
    void theApproversAuthenticationIsSignedAndAbsentItChangesNothing() {
        byte[] before = DecisionSignature.signedBytes(decision("api"));
        ApproverAuthentication stepUp = ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_STEP_UP)
                .setIssuer("https://idp.example.com").setSubject("bob").setAuthTime(Instant.ofEpochMilli(1_699_999_990_000L))
                .setAmr(List.of("pwd", "otp")).setAcr(null).setStepUpLinkId("l-1").build();
        ApprovalDecision signed = new DecisionSignature.Signer(apiId, apiPair.getPrivate())
                .sign(ApprovalDecision.newBuilder(decision("api")).setAuthentication(stepUp).build());
        assertThat(trusted.check(signed)).isEmpty();
        // Decisions signed before the field existed still verify: without it the bytes are the old ones.
        assertThat(DecisionSignature.signedBytes(ApprovalDecision.newBuilder(signed).setAuthentication(null).setSigningKeyId(null).build()))
                .isEqualTo(before);
        List<ApproverAuthentication> forged = List.of(
                ApproverAuthentication.newBuilder(stepUp).setMethod(AuthenticationMethod.API_KEY).build(),
                ApproverAuthentication.newBuilder(stepUp).setAuthTime(Instant.ofEpochMilli(1_699_999_999_000L)).build(),
                ApproverAuthentication.newBuilder(stepUp).setAmr(List.of("pwd")).build(),
                ApproverAuthentication.newBuilder(stepUp).setAmr(List.of("pwd", "otp", "hwk")).build(),
                ApproverAuthentication.newBuilder(stepUp).setStepUpLinkId("l-2").build());
        for (ApproverAuthentication a : forged) {
            assertThat(kind(ApprovalDecision.newBuilder(signed).setAuthentication(a).build())).contains(Kind.BAD_SIGNATURE);
        }
        assertThat(kind(ApprovalDecision.newBuilder(signed).setAuthentication(null).build())).contains(Kind.BAD_SIGNATURE);
    }

    @Test
    void theProvidersGroupsAreSignedAndWithoutThemTheBytesAreTheOldOnes() {
        ApproverAuthentication token = ApproverAuthentication.newBuilder().setMethod(AuthenticationMethod.OIDC_ACCESS_TOKEN)
                .setIssuer("https://idp.example.com").setSubject("bob").build();
        byte[] withoutGroups = DecisionSignature.signedBytes(ApprovalDecision.newBuilder(decision("api")).setAuthentication(token).build());
        ApprovalDecision signed = new DecisionSignature.Signer(apiId, apiPair.getPrivate()).sign(ApprovalDecision.newBuilder(decision("api"))
                .setAuthentication(ApproverAuthentication.newBuilder(token).setGroups(List.of("idp-stewards")).build()).build());
        assertThat(trusted.check(signed)).isEmpty();
        assertThat(DecisionSignature.signedBytes(ApprovalDecision.newBuilder(signed).setSigningKeyId(null)
                .setAuthentication(token).build())).isEqualTo(withoutGroups);
        for (List<String> forged : List.of(List.of("idp-admins"), List.of("idp-stewards", "idp-admins"), List.<String>of())) {
            ApprovalDecision d = ApprovalDecision.newBuilder(signed)
                    .setAuthentication(ApproverAuthentication.newBuilder(signed.getAuthentication()).setGroups(forged).build()).build();
            assertThat(kind(d)).as("groups %s", forged).contains(Kind.BAD_SIGNATURE);
        }
    }

    @Test
    void fieldBoundariesAreUnambiguous() {
        ApprovalDecision a = ApprovalDecision.newBuilder(decision("slack")).setReason("ok").setChannelUserId("U1").build();
        ApprovalDecision b = ApprovalDecision.newBuilder(decision("slack")).setReason("o").setChannelUserId("kU1").build();
        ApprovalDecision absent = ApprovalDecision.newBuilder(decision("slack")).setReason(null).build();
        ApprovalDecision empty = ApprovalDecision.newBuilder(decision("slack")).setReason("").build();
        assertThat(DecisionSignature.signedBytes(a)).isNotEqualTo(DecisionSignature.signedBytes(b));
        assertThat(DecisionSignature.signedBytes(absent)).isNotEqualTo(DecisionSignature.signedBytes(empty));
    }

    @Test
    void unsignedUnknownOtherChannelAndForgedDecisionsAreRefused() {
        assertThat(kind(decision("slack"))).contains(Kind.UNSIGNED);
        KeyPair rogue = Ed25519Keys.generate();
        assertThat(kind(new DecisionSignature.Signer("slack-rogue", rogue.getPrivate()).sign(decision("slack"))))
                .contains(Kind.UNKNOWN_SIGNING_KEY);
        // The Slack bot's key cannot speak for the approval API.
        assertThat(kind(slack.sign(decision("api")))).contains(Kind.WRONG_CHANNEL_KEY);
        // A valid-looking signature under the right key id, made with another key.
        assertThat(kind(new DecisionSignature.Signer(slackId, rogue.getPrivate()).sign(decision("slack")))).contains(Kind.BAD_SIGNATURE);
        ApprovalDecision zeros = ApprovalDecision.newBuilder(slack.sign(decision("slack"))).setSignature(ByteBuffer.wrap(new byte[64])).build();
        assertThat(kind(zeros)).contains(Kind.BAD_SIGNATURE);
    }

    @Test
    void keyPairFilesAreSharedWithTheAuditSignerAndOwnerOnly(@TempDir Path dir) throws Exception {
        KeyPair pair = Ed25519Keys.loadOrCreate(dir.resolve("k/slack.pem"), dir.resolve("k/slack.pub.pem"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k/slack.pem")))).isEqualTo("rw-------");
        String id = ChannelKeys.keyId("slack", pair.getPublic());
        ApprovalDecision signed = DecisionSignature.Signer.load(dir.resolve("k/slack.pem"), id).sign(decision("slack"));
        ChannelKeys fromPem = new ChannelKeys(List.of(new ChannelKey(id, "slack",
                Ed25519Keys.publicKeyFromPem(Files.readString(dir.resolve("k/slack.pub.pem"))))));
        assertThat(fromPem.check(signed)).isEmpty();
    }

    private Optional<Kind> kind(ApprovalDecision d) {
        return trusted.check(d).map(ChannelKeys.Failure::kind);
    }
}
