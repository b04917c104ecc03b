package io.countersign.cli;

import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.contracts.signing.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code countersign keys channel}: makes the Ed25519 key pair an approval channel signs its decisions
 * with, and prints the two configuration snippets that use it: the channel's own (private key file and
 * key id) and the pipeline's {@code stream-processors.channelKeys} entry (key id, channel, public key).
 * An existing key pair in the directory is kept and printed again, never replaced.
 */
@Command(name = "channel", mixinStandardHelpOptions = true,
        description = {"Creates an approval channel's decision signing key pair and prints its configuration.",
                "The pipeline applies only decisions signed by a key configured for the channel they name.",
                "Example: countersign keys channel --channel slack --out /etc/countersign/keys"})
final class ChannelKeyCommand implements Callable<Integer> {

    @Option(names = "--channel", required = true, description = "The channel the key signs for: api (the approval API), slack, teams.")
    String channel;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for <channel>-decision-key.pem (owner-only) and <channel>-decision-key.pub.pem; created if missing.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean existed = Files.exists(out.resolve(channel + "-decision-key.pem"));
        ChannelKeyPair pair;
        try {
            pair = ChannelKeyPair.loadOrCreate(out.toAbsolutePath(), channel);
        } catch (IllegalArgumentException e) {
            err.printf("%s%n", e.getMessage());
            return 64;
        }
        String section = switch (channel) {
            case "api" -> "ingest";
            case "slack" -> "approval-bot";
            default -> channel + "-bot";
        };
        String publicPem = Ed25519Keys.toPem(Ed25519Keys.readPublicKey(pair.publicKeyFile())).strip().indent(10).stripTrailing();
        spec.commandLine().getOut().printf("""
                # Key id %s (channel %s). The %s service signs decisions with the private key:
                %s:
                  decisionSigningKey: %s
                  decisionKeyId: %s
                # The pipeline trusts it for channel %s only (add to the list if you have more channels):
                stream-processors:
                  channelKeys:
                    - keyId: %s
                      channel: %s
                      publicKey: |
                %s
                """, pair.keyId(), channel, section, section, pair.privateKeyFile(), pair.keyId(), channel, pair.keyId(), channel,
                publicPem);
        err.printf("%s %s; keep the private key for the %s service only, readable by it alone.%n",
                existed ? "Kept the existing key pair in" : "Created a key pair in", out.toAbsolutePath(), section);
        return 0;
    }
}
