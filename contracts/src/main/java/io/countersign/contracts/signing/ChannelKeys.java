package io.countersign.contracts.signing;

import io.countersign.schema.ApprovalDecision;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The approval channels' public keys the pipeline trusts, by key id: a decision counts only when it is
 * signed ({@link DecisionSignature}) by a key configured for the very channel the decision names.
 * Anything else — no signature, a key nobody configured, another channel's key, a signature that does not
 * verify — is a {@link Failure}, whose detail names ids only.
 */
public final class ChannelKeys {

    /** One trusted key: decisions signed with it may only claim {@code channel}. */
    public record ChannelKey(String keyId, String channel, PublicKey publicKey) {
        public ChannelKey {
            if (keyId == null || keyId.isBlank() || channel == null || channel.isBlank() || publicKey == null) {
                throw new IllegalArgumentException("a channel key needs a keyId, a channel and a public key");
            }
        }
    }

    /** Why a decision's signature is not accepted. */
    public enum Kind {
        UNSIGNED, UNKNOWN_SIGNING_KEY, WRONG_CHANNEL_KEY, BAD_SIGNATURE
    }

    public record Failure(Kind kind, String detail) {
    }

    private final Map<String, ChannelKey> byId;

    public ChannelKeys(Collection<ChannelKey> keys) {
        Map<String, ChannelKey> map = new LinkedHashMap<>();
        for (ChannelKey k : keys) {
            if (map.put(k.keyId(), k) != null) {
                throw new IllegalArgumentException("channel key id " + k.keyId() + " is configured twice");
            }
        }
        this.byId = Map.copyOf(map);
    }

    /** The key id a channel's key pair is known by: the channel, then 16 hex digits of the public key's SHA-256. */
    public static String keyId(String channel, PublicKey publicKey) {
        return channel + "-" + Ed25519Keys.keyId(publicKey);
    }

    /** A key id as it may be logged or audited: anyone can write one, so only id characters, at most 64. */
    public static String printable(String keyId) {
        if (keyId == null) {
            return "(none)";
        }
        String cut = keyId.length() > 64 ? keyId.substring(0, 64) : keyId;
        return cut.replaceAll("[^A-Za-z0-9._:-]", "?");
    }

    public int size() {
        return byId.size();
    }

    /** The trusted key with id {@code keyId}, if one is configured. */
    public Optional<ChannelKey> find(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(byId.get(keyId));
    }

    /** Empty when {@code decision} is signed by a trusted key of its own channel; otherwise why not. */
    public Optional<Failure> check(ApprovalDecision decision) {
        String keyId = decision.getSigningKeyId();
        if (keyId == null || decision.getSignature() == null) {
            return Optional.of(new Failure(Kind.UNSIGNED, "the decision carries no channel signature"));
        }
        ChannelKey key = byId.get(keyId);
        if (key == null) {
            return Optional.of(new Failure(Kind.UNKNOWN_SIGNING_KEY, "key " + printable(keyId) + " is not a configured channel key"));
        }
        if (!key.channel().equals(decision.getChannel())) {
            return Optional.of(new Failure(Kind.WRONG_CHANNEL_KEY,
                    "key " + keyId + " belongs to channel " + key.channel() + ", not to the channel the decision names"));
        }
        if (!DecisionSignature.verify(decision, key.publicKey())) {
            return Optional.of(new Failure(Kind.BAD_SIGNATURE, "the signature does not verify under key " + keyId));
        }
        return Optional.empty();
    }
}
