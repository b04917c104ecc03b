package io.countersign.cli;

import io.countersign.approvalbot.ApprovalBotConfig;
import io.countersign.teamsbot.TeamsBotConfig;
import io.countersign.contracts.signing.ChannelKeyPair;
import io.countersign.ingest.IngestConfig;
import io.countersign.processors.StreamProcessorsConfig.ChannelKeyConfig;
import io.countersign.processors.StreamProcessorsConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval channels' decision keys for {@code countersign up}: a channel with no
 * {@code decisionSigningKey} configured (the approval API; the Slack and Teams bots when enabled) gets a key
 * pair in {@code <dataDir>/channel-keys}, made on first run with the private key readable by the owner
 * only, and the pipeline trusts its public key for that channel alone. Channels with keys of their own
 * need their public keys in {@code stream-processors.channelKeys}.
 */
final class EmbeddedChannelKeys {

    /** The four configurations, wired to each other's keys. */
    record Wired(IngestConfig ingest, ApprovalBotConfig bot, TeamsBotConfig teams, StreamProcessorsConfig pipeline) {
    }

    private EmbeddedChannelKeys() {
    }

    static Wired wire(Path dataDir, IngestConfig ingest, ApprovalBotConfig bot, TeamsBotConfig teams, StreamProcessorsConfig pipeline,
                      PrintWriter out) throws IOException {
        Path dir = dataDir.resolve("channel-keys");
        List<ChannelKeyConfig> trusted = new ArrayList<>(pipeline.channelKeys());
        if (ingest.decisionSigningKey() == null) {
            ChannelKeyPair api = trust(ChannelKeyPair.loadOrCreate(dir, "api"), trusted);
            ingest = ingest.withDecisionSigningKey(api.privateKeyFile().toString(), api.keyId());
        }
        if (bot.slackEnabled() && bot.decisionSigningKey() == null) {
            ChannelKeyPair slack = trust(ChannelKeyPair.loadOrCreate(dir, "slack"), trusted);
            bot = bot.withDecisionSigningKey(slack.privateKeyFile().toString(), slack.keyId());
        }
        if (teams.teamsEnabled() && teams.decisionSigningKey() == null) {
            ChannelKeyPair pair = trust(ChannelKeyPair.loadOrCreate(dir, "teams"), trusted);
            teams = teams.withDecisionSigningKey(pair.privateKeyFile().toString(), pair.keyId());
        }
        out.printf("  channels:  %s%n", trusted.isEmpty() ? "no channel keys: every approval decision is rejected"
                : "the pipeline accepts decisions signed by " + String.join(", ", trusted.stream().map(k -> k.channel() + " key " + k.keyId()).toList()));
        return new Wired(ingest, bot, teams, pipeline.withChannelKeys(trusted));
    }

    private static ChannelKeyPair trust(ChannelKeyPair pair, List<ChannelKeyConfig> trusted) {
        if (trusted.stream().noneMatch(k -> k.keyId().equals(pair.keyId()))) {
            trusted.add(ChannelKeyConfig.of(pair));
        }
        return pair;
    }
}
