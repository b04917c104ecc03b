package io.countersign.cli;

import io.countersign.approvals.domain.StepUpLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code countersign keys step-up}: makes the key one-time step-up links are signed with (32 random bytes,
 * base64, owner-only), for {@code ingest.stepUp.linkKeyFile} and the bots' {@code stepUp.linkKeyFile}.
 * An existing file is kept: the key is shared, and replacing it would void every link handed out.
 */
@Command(name = "step-up", mixinStandardHelpOptions = true,
        description = {"Makes the key step-up links are signed with (review rules with stepUp: true).",
                "Give the same file to ingest.stepUp.linkKeyFile and to the Slack and Teams bots' stepUp.linkKeyFile.",
                "Example: countersign keys step-up --file /etc/countersign/keys/step-up-link.key"})
final class StepUpKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, description = "Where to write the key; an existing file is left as it is.")
    Path file;

    @Override
    public Integer call() throws Exception {
        boolean existed = Files.exists(file);
        StepUpLinks.createKeyFile(file);
        spec.commandLine().getOut().println(existed ? "Kept the existing step-up link key " + file.toAbsolutePath()
                : "Wrote a new step-up link key to " + file.toAbsolutePath() + " (readable by its owner only)");
        spec.commandLine().getOut().println("Configure it as ingest.stepUp.linkKeyFile and as approval-bot.stepUp.linkKeyFile /"
                + " teams-bot.stepUp.linkKeyFile.");
        return 0;
    }
}
