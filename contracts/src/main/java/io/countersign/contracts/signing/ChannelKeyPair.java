package io.countersign.contracts.signing;


import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * An approval channel's decision key pair as files: {@code <channel>-decision-key.pem} (PKCS#8, owner-only)
 * for the channel, {@code <channel>-decision-key.pub.pem} (X.509) for the pipeline's
 * {@code stream-processors.channelKeys}. Made by {@code countersign keys channel} and, for the embedded
 * channels, by {@code countersign up}.
 */
public record ChannelKeyPair(String channel, String keyId, Path privateKeyFile, Path publicKeyFile) {

    /** Loads the channel's key pair from {@code dir}, creating it the first time. */
    public static ChannelKeyPair loadOrCreate(Path dir, String channel) throws IOException {
        if (channel == null || !channel.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("a channel name is lower-case letters, digits and dashes, e.g. api, slack, teams");
        }
        Path priv = dir.resolve(channel + "-decision-key.pem");
        Path pub = dir.resolve(channel + "-decision-key.pub.pem");
        KeyPair keys = Ed25519Keys.loadOrCreate(priv, pub);
        return new ChannelKeyPair(channel, ChannelKeys.keyId(channel, keys.getPublic()), priv, pub);
    }

    /** What the channel signs with. */
    public DecisionSignature.Signer signer() throws IOException {
        return DecisionSignature.Signer.load(privateKeyFile, keyId);
    }
}
