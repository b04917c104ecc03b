package io.countersign.cli;

import io.countersign.directory.Identity;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code countersign keys create}: makes an API key for the ingest gateway, appends its SHA-256 with the
 * identity, owner and roles to the keys file, and prints the key once. The key itself is stored nowhere.
 * {@code countersign keys channel} ({@link ChannelKeyCommand}) makes an approval channel's signing key.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manages the ingest gateway's API keys and the approval channels' decision signing keys.",
        subcommands = {KeysCommand.Create.class, ChannelKeyCommand.class})
final class KeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an API key, records its hash in the keys file and prints the key once.",
                    "Example: countersign keys create --subject agent:exporter --owner user:olga@example.com --role agent --file api-keys.yaml"})
    static final class Create implements Callable<Integer> {

        @Option(names = "--subject", required = true, description = "Identity the key authenticates, e.g. agent:exporter or user:carol@example.com.")
        String subject;

        @Option(names = "--owner", description = "Human accountable for the key (for agents: who may never approve its intents). Default: the subject.")
        String owner;

        @Option(names = "--role", required = true, split = ",", description = "Roles: agent, steward, approver, lineage (comma-separated or repeated).")
        List<String> roles;

        @Option(names = "--file", required = true, description = "The keys file (ingest.apiKeysFile); created if missing.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Identity s = Identity.of(subject);
            Identity o = owner == null ? s : Identity.of(owner);
            for (String r : roles) {
                try {
                    Role.valueOf(r.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().printf("Unknown role '%s'; roles are agent, steward, approver, lineage%n", r);
                    return 64;
                }
            }
            String key = ApiKeys.generate();
            ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(key), s.value(), o.value(), roles, "created " + LocalDate.now()));
            ApiKeysFile.load(file); // the file must still load after the change
            spec.commandLine().getOut().printf("%s%n", key);
            spec.commandLine().getErr().printf("Created %s for %s (roles %s) in %s. The key is shown only now; store it in a secret manager.%n",
                    ApiKeys.keyId(ApiKeys.hash(key)), s.value(), roles, file);
            return 0;
        }
    }
}
